using MnistFunctional.Backend;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// Dropout's mask: a pure function of (key, element) — the same on every call and for any split of the batch into
/// slices, different for every field of the key, dropping the rate's share of elements; forward and backward apply
/// it with Keras's 1 / (1 − rate) scale.
/// </summary>
public class DropoutKernelsTests
{
    private static readonly DropoutKey Key = new(Seed: 42, Epoch: 3, Batch: 17, Layer: 5);

    [Theory]
    [InlineData(0.5f)]
    [InlineData(0.25f)]
    [InlineData(0.9f)]
    public void Drops_the_rate_share_of_elements(float rate)
    {
        var g = new DropoutGeometry(1000, rate);
        var factors = new float[g.Size * 100];

        DropoutMask.Fill(g, Key, 0, 100, factors);

        // 100,000 Bernoulli(rate) draws: the dropped share has a standard deviation ≤ 0.0016; 0.01 is 6 of them.
        var dropped = factors.Count(f => f == 0f) / (double)factors.Length;
        Assert.InRange(dropped, rate - 0.01, rate + 0.01);
        Assert.All(factors, f => Assert.True(f == 0f || f == 1f / (1f - rate)));
    }

    [Fact]
    public void Every_key_field_changes_the_mask_and_the_same_key_repeats_it()
    {
        var g = new DropoutGeometry(64, 0.5f);
        float[] MaskOf(DropoutKey key)
        {
            var factors = new float[g.Size * 4];
            DropoutMask.Fill(g, key, 0, 4, factors);
            return factors;
        }

        var reference = MaskOf(Key);
        Assert.Equal(reference, MaskOf(Key with { }));
        foreach (var other in new[] { Key with { Seed = 43 }, Key with { Epoch = 4 }, Key with { Batch = 18 }, Key with { Layer = 6 } })
        {
            // Independent masks agree on about half of 256 elements; equal ones would on all.
            var same = reference.Zip(MaskOf(other), (a, b) => a == b).Count(equal => equal);
            Assert.InRange(same, 90, 166);
        }
    }

    [Fact]
    public void Slices_of_a_batch_get_the_whole_batch_mask()
    {
        var g = new DropoutGeometry(13, 0.3f);
        const int batch = 7;
        var input = TestData.Uniform(g.Size, batch, 1).AsColumnMajorArray();
        var whole = new float[input.Length];
        DropoutKernels.Forward(g, Key, 0, input, batch, whole);

        var sliced = new float[input.Length];
        DropoutKernels.Forward(g, Key, 0, input.AsSpan(0, 3 * g.Size), 3, sliced.AsSpan(0, 3 * g.Size));
        DropoutKernels.Forward(g, Key, 3, input.AsSpan(3 * g.Size), 4, sliced.AsSpan(3 * g.Size));

        Assert.Equal(whole, sliced);
    }

    [Fact]
    public void Forward_and_backward_scale_the_kept_elements_and_zero_the_others()
    {
        var g = new DropoutGeometry(11, 0.4f);
        const int batch = 5;
        var input = TestData.Uniform(g.Size, batch, 2).Map(v => v + 0.1f).AsColumnMajorArray();
        var upstream = TestData.Uniform(g.Size, batch, 3).Map(v => v - 0.5f).AsColumnMajorArray();
        var (output, gradient) = (new float[input.Length], (float[])upstream.Clone());

        DropoutKernels.Forward(g, Key, 0, input, batch, output);
        DropoutKernels.Backward(g, Key, 0, gradient, batch, gradient);

        var stream = DropoutMask.Stream(Key);
        for (var i = 0; i < input.Length; i++)
        {
            var kept = DropoutMask.Uniform(stream, i) >= g.Rate;
            Assert.Equal(kept ? input[i] * (1f / 0.6f) : 0f, output[i]);
            Assert.Equal(kept ? upstream[i] * (1f / 0.6f) : 0f, gradient[i]);
        }

        Assert.Contains(output, value => value == 0f);
        Assert.Contains(output, value => value != 0f);
        KernelFiniteDifferences.AssertMatches("input", input, gradient, x =>
        {
            var y = new float[x.Length];
            DropoutKernels.Forward(g, Key, 0, x, batch, y);
            return KernelFiniteDifferences.Dot(upstream, y);
        });
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(0.1f)]
    [InlineData(0.999f)]
    public void The_vectorised_forward_keeps_exactly_the_elements_of_the_plain_mask(float rate)
    {
        var g = new DropoutGeometry(1001, rate); // 62 vectors of 16 and a tail of 9 per example
        const int batch = 5;
        var factors = new float[g.Size * batch];
        DropoutMask.Fill(g, Key, 3, batch, factors);
        var output = new float[factors.Length];

        DropoutKernels.Forward(g, Key, 3, Enumerable.Repeat(1f, factors.Length).ToArray(), batch, output);

        Assert.Equal(factors, output);
    }

    [Fact]
    public void Rate_zero_keeps_everything_unscaled()
    {
        var g = new DropoutGeometry(9, 0f);
        var input = TestData.Uniform(g.Size, 3, 4).AsColumnMajorArray();
        var output = new float[input.Length];

        DropoutKernels.Forward(g, Key, 0, input, 3, output);

        Assert.Equal(input, output);
    }
}

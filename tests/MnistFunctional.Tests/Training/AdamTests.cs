using MnistFunctional.Tests.TestNetworks;
using MnistFunctional.Training;

namespace MnistFunctional.Tests.Training;

public class AdamTests
{
    [Fact]
    public void First_step_moves_each_weight_by_the_learning_rate_against_its_gradient_sign()
    {
        // After one step m̂ = g and v̂ = g², so the update is lr·g/(|g| + ε) ≈ lr·sign(g).
        var parameters = TinyNet.Initialize(1);
        var gradients = TinyNet.Gradients.FromArrays([.. parameters.Tensors.Select(t => t.Data.Select((_, i) => (i % 3) - 1f).ToArray())]);
        var state = AdamState.Initial(parameters.Tensors.Select(t => t.Data.Length));

        var (next, nextState) = Adam.Step(AdamOptions.Keras, parameters, gradients, state);

        Assert.Equal(1, nextState.Step);
        for (var t = 0; t < parameters.Tensors.Length; t++)
        {
            for (var i = 0; i < parameters.Tensors[t].Data.Length; i++)
            {
                var g = gradients.Tensors[t].Data[i];
                Assert.Equal(parameters.Tensors[t].Data[i] - (0.001f * Math.Sign(g)), next.Tensors[t].Data[i], 6);
            }
        }
    }

    [Theory]
    [InlineData(1, 1L)]
    [InlineData(37, 5L)]
    [InlineData(100, 1000L)]
    public void Vectorised_step_is_bit_identical_to_the_scalar_formula(int length, long previousStep)
    {
        var (p, g) = (TestData.Uniform(length, 1, 1).AsColumnMajorArray(), TestData.Uniform(length, 1, 2).Map(v => v - 0.5f).AsColumnMajorArray());
        var (m, v) = (TestData.Uniform(length, 1, 3).Map(x => x * 0.01f).AsColumnMajorArray(), TestData.Uniform(length, 1, 4).Map(x => x * 1e-4f).AsColumnMajorArray());
        var (newP, newM, newV) = (new float[length], new float[length], new float[length]);

        Adam.StepInto(AdamOptions.Keras, previousStep, [p], [g], [m], [v], [newP], [newM], [newV]);

        var o = AdamOptions.Keras;
        var stepSize = (float)(o.LearningRate / (1.0 - Math.Pow(o.Beta1, previousStep + 1)));
        var root = (float)Math.Sqrt(1.0 - Math.Pow(o.Beta2, previousStep + 1));
        for (var i = 0; i < length; i++)
        {
            var mi = (o.Beta1 * m[i]) + ((1f - o.Beta1) * g[i]);
            var vi = (o.Beta2 * v[i]) + ((1f - o.Beta2) * g[i] * g[i]);
            Assert.Equal(mi, newM[i]);
            Assert.Equal(vi, newV[i]);
            Assert.Equal(p[i] - (stepSize * mi / ((MathF.Sqrt(vi) / root) + o.Epsilon)), newP[i]);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_step_split_across_slices_gives_the_same_bits(int slices)
    {
        // The seed model's tensors (lengths 288, 32, 18,432, 64, …: split mid-vector) after a few steps of moments.
        var parameters = Models.MnistCnn.Initialize(3);
        var state = AdamState.Initial(parameters.Tensors.Select(t => t.Data.Length));
        var gradients = Models.MnistCnn.Gradients.FromArrays([.. parameters.Tensors.Select((t, k) => TestData.Uniform(t.Data.Length, 1, 10 + k).Map(x => x - 0.5f).AsColumnMajorArray())]);
        (parameters, state) = Adam.Step(AdamOptions.Keras, parameters, gradients, state);
        float[][] Fresh() => [.. parameters.Tensors.Select(t => new float[t.Data.Length])];

        var (whole, wholeState) = Adam.StepInto(AdamOptions.Keras, parameters, gradients, state, Fresh(), Fresh(), Fresh());
        var (split, splitState) = Adam.StepInto(AdamOptions.Keras, parameters, gradients, state, Fresh(), Fresh(), Fresh(), new MnistFunctional.Backend.SliceRunner(slices));

        Assert.Equal(whole.Tensors.Select(t => t.Data), split.Tensors.Select(t => t.Data));
        Assert.Equal(wholeState.FirstMoments.ToArray(), splitState.FirstMoments.ToArray()); // arrays compare by value, ImmutableArrays by reference
        Assert.Equal(wholeState.SecondMoments.ToArray(), splitState.SecondMoments.ToArray());
        Assert.Equal(wholeState.Step, splitState.Step);
    }

    [Fact]
    public void Step_leaves_its_inputs_unchanged()
    {
        var parameters = TinyNet.Initialize(2);
        var before = parameters.Tensors.Select(t => (float[])t.Data.Clone()).ToArray();
        var gradients = TinyNet.Gradients.FromArrays([.. parameters.Tensors.Select(t => Enumerable.Repeat(0.5f, t.Data.Length).ToArray())]);
        var state = AdamState.Initial(parameters.Tensors.Select(t => t.Data.Length));

        Adam.Step(AdamOptions.Keras, parameters, gradients, state);

        Assert.Equal(before, parameters.Tensors.Select(t => t.Data).ToArray());
        Assert.All(state.FirstMoments, m => Assert.All(m, value => Assert.Equal(0f, value)));
    }
}

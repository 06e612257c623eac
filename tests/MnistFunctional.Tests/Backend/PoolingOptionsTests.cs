using MnistFunctional.Backend;
using MnistFunctional.Dsl;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// Max and average pooling with a stride other than the window and with same padding (Keras semantics), against
/// plain loops over the clipped windows, forward and backward, and against finite differences; and global average
/// pooling likewise.
/// </summary>
public class PoolingOptionsTests
{
    public static TheoryData<int, int, int, int, int, Padding, int> Geometries => new()
    {
        { 7, 9, 3, 2, 2, Padding.Same, 2 }, // 7 → 4 rows: the last window holds one row
        { 7, 7, 16, 3, 2, Padding.Valid, 2 }, // overlapping windows (stride < window)
        { 8, 5, 19, 3, 2, Padding.Same, 3 }, // overlapping, padded on both sides of the columns; 16 + 3 channels
        { 5, 6, 4, 2, 1, Padding.Same, 2 }, // stride 1: pad 1 after
        { 6, 7, 2, 3, 3, Padding.Valid, 2 }, // window = stride, the plain max-pool path
        { 3, 3, 2, 5, 5, Padding.Same, 1 }, // one window larger than the input
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Max_pool_matches_the_reference(int height, int width, int channels, int window, int stride, Padding padding, int batch)
    {
        var g = new PoolGeometry(height, width, channels, window, stride, padding);
        // A coarse grid of values, so windows hold ties: the first maximum in scan order must get the gradient.
        var input = TestData.Uniform(g.InSize, batch, 1).Map(v => MathF.Round(v * 4f)).AsColumnMajorArray();
        var upstream = TestData.Uniform(g.OutSize, batch, 2).Map(v => v - 0.5f).AsColumnMajorArray();
        var output = new float[g.OutSize * batch];
        var gradient = Enumerable.Repeat(float.NaN, g.InSize * batch).ToArray();

        PoolKernels.Forward(g, input, batch, output);
        PoolKernels.Backward(g, input, output, upstream, batch, gradient);

        var (expectedOutput, expectedGradient) = Reference(g, input, upstream, batch, max: true);
        Assert.Equal(expectedOutput, output);
        Assert.Equal(expectedGradient, gradient);
    }

    [Theory]
    [InlineData(7, 7, 19, 3, 2, Padding.Valid)]
    [InlineData(6, 5, 3, 2, 2, Padding.Same)]
    public void Max_pool_routing_over_a_relu_output_equals_relu_backward_after_routing(int height, int width, int channels, int window, int stride, Padding padding)
    {
        const int batch = 2;
        var g = new PoolGeometry(height, width, channels, window, stride, padding);
        // A ReLU output: many zeros, so whole windows hold only zeros (their maximum is not positive).
        var input = TestData.Uniform(g.InSize, batch, 3).Map(v => MathF.Max(0f, MathF.Round((v * 4f) - 2f))).AsColumnMajorArray();
        var upstream = TestData.Uniform(g.OutSize, batch, 4).Map(v => v - 0.5f).AsColumnMajorArray();
        var output = new float[g.OutSize * batch];
        PoolKernels.Forward(g, input, batch, output);
        var expected = new float[g.InSize * batch];
        PoolKernels.Backward(g, input, output, upstream, batch, expected);
        ActivationFunctions.Backward(Activation.ReLU, input, expected, expected);
        var fused = Enumerable.Repeat(float.NaN, g.InSize * batch).ToArray();

        PoolKernels.Backward(g, input, output, upstream, batch, fused, reluInput: true);

        Assert.Contains(output, value => value == 0f);
        Assert.Equal(expected, fused);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Average_pool_matches_the_reference(int height, int width, int channels, int window, int stride, Padding padding, int batch)
    {
        var g = new PoolGeometry(height, width, channels, window, stride, padding);
        var input = TestData.Uniform(g.InSize, batch, 3).Map(v => v - 0.5f).AsColumnMajorArray();
        var upstream = TestData.Uniform(g.OutSize, batch, 4).Map(v => v - 0.5f).AsColumnMajorArray();
        var output = new float[g.OutSize * batch];
        var gradient = Enumerable.Repeat(float.NaN, g.InSize * batch).ToArray();

        AvgPoolKernels.Forward(g, input, batch, output);
        AvgPoolKernels.Backward(g, upstream, batch, gradient);

        var (expectedOutput, expectedGradient) = Reference(g, input, upstream, batch, max: false);
        AssertClose(expectedOutput, output);
        AssertClose(expectedGradient, gradient);
    }

    [Theory]
    [InlineData(Padding.Valid)]
    [InlineData(Padding.Same)]
    public void Pool_backward_matches_finite_differences(Padding padding)
    {
        const int batch = 2;
        var g = new PoolGeometry(7, 6, 3, 3, 2, padding);
        // Distinct values well apart (a permutation scaled by 0.01), so no step of 1e-3 changes a window's maximum.
        var input = Permutation(g.InSize * batch, 8).Select(v => v * 0.01f).ToArray();
        var weights = TestData.Uniform(g.OutSize, batch, 9).Map(v => v - 0.5f).AsColumnMajorArray();
        var output = new float[g.OutSize * batch];
        var (maxGradient, averageGradient) = (new float[g.InSize * batch], new float[g.InSize * batch]);
        PoolKernels.Forward(g, input, batch, output);
        PoolKernels.Backward(g, input, output, weights, batch, maxGradient);
        AvgPoolKernels.Backward(g, weights, batch, averageGradient);

        KernelFiniteDifferences.AssertMatches("max", input, maxGradient, x => Loss(x, PoolKernels.Forward));
        KernelFiniteDifferences.AssertMatches("average", input, averageGradient, x => Loss(x, AvgPoolKernels.Forward));

        double Loss(float[] x, PoolForward forward)
        {
            var y = new float[g.OutSize * batch];
            forward(g, x, batch, y);
            return KernelFiniteDifferences.Dot(weights, y);
        }
    }

    [Theory]
    [InlineData(7, 2, 2, 4, 0)] // pad 1, all after (TF puts the odd one after)
    [InlineData(7, 3, 2, 4, 1)] // pad 2: 1 + 1
    [InlineData(5, 2, 1, 5, 0)] // pad 1 after
    public void Same_padding_follows_tensorflow(int input, int window, int stride, int output, int before)
    {
        var g = new PoolGeometry(input, input, 1, window, stride, Padding.Same);
        Assert.Equal((output, before, false), (g.OutHeight, g.PadTop, g.IsPlain));
        Assert.True(new PoolGeometry(input, input, 1, 2).IsPlain);
    }

    [Theory]
    [InlineData(5, 3, 4, 3)]
    [InlineData(1, 1, 16, 2)]
    [InlineData(4, 7, 1, 2)]
    public void Global_average_pool_matches_the_reference_and_finite_differences(int height, int width, int channels, int batch)
    {
        var g = new GlobalPoolGeometry(height, width, channels);
        var input = TestData.Uniform(g.InSize, batch, 5).Map(v => v - 0.5f).AsColumnMajorArray();
        var upstream = TestData.Uniform(g.OutSize, batch, 6).Map(v => v - 0.5f).AsColumnMajorArray();
        var output = new float[g.OutSize * batch];
        var gradient = Enumerable.Repeat(float.NaN, g.InSize * batch).ToArray();

        GlobalAvgPoolKernels.Forward(g, input, batch, output);
        GlobalAvgPoolKernels.Backward(g, upstream, batch, gradient);

        var expectedOutput = new float[output.Length];
        var expectedGradient = new float[gradient.Length];
        for (var b = 0; b < batch; b++)
        {
            for (var c = 0; c < channels; c++)
            {
                var at = (b * channels) + c;
                var pixels = Enumerable.Range(0, height * width).Select(p => (b * g.InSize) + (p * channels) + c).ToArray();
                expectedOutput[at] = (float)(pixels.Sum(p => (double)input[p]) / pixels.Length);
                foreach (var p in pixels)
                {
                    expectedGradient[p] = upstream[at] / pixels.Length;
                }
            }
        }

        AssertClose(expectedOutput, output);
        AssertClose(expectedGradient, gradient);
        KernelFiniteDifferences.AssertMatches("global", input, gradient, x =>
        {
            var y = new float[g.OutSize * batch];
            GlobalAvgPoolKernels.Forward(g, x, batch, y);
            return KernelFiniteDifferences.Dot(upstream, y);
        });
    }

    private delegate void PoolForward(PoolGeometry g, ReadOnlySpan<float> input, int batch, Span<float> output);

    private static float[] Permutation(int length, int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, length).Select(i => (float)i).ToArray();
        random.Shuffle(values);
        return values;
    }

    // Each output's window: rows oy·s − top .. + window, columns likewise, clipped to the input.
    private static (float[] Output, float[] Gradient) Reference(PoolGeometry g, float[] x, float[] dy, int batch, bool max)
    {
        var y = new float[g.OutSize * batch];
        var dx = new float[g.InSize * batch];
        for (var b = 0; b < batch; b++)
        {
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    for (var c = 0; c < g.Channels; c++)
                    {
                        var inside = new List<int>();
                        for (var wy = 0; wy < g.Window; wy++)
                        {
                            for (var wx = 0; wx < g.Window; wx++)
                            {
                                var (row, column) = ((oy * g.Stride) - g.PadTop + wy, (ox * g.Stride) - g.PadLeft + wx);
                                if (row >= 0 && row < g.InHeight && column >= 0 && column < g.InWidth)
                                {
                                    inside.Add((b * g.InSize) + (((row * g.InWidth) + column) * g.Channels) + c);
                                }
                            }
                        }

                        var o = (b * g.OutSize) + (((oy * g.OutWidth) + ox) * g.Channels) + c;
                        if (max)
                        {
                            var best = inside.Aggregate((best, at) => x[at] > x[best] ? at : best);
                            y[o] = x[best];
                            dx[best] += dy[o];
                        }
                        else
                        {
                            y[o] = (float)(inside.Sum(at => (double)x[at]) / inside.Count);
                            inside.ForEach(at => dx[at] += dy[o] / inside.Count);
                        }
                    }
                }
            }
        }

        return (y, dx);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-6f, $"[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}

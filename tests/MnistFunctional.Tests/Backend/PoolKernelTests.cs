using MnistFunctional.Backend;

namespace MnistFunctional.Tests.Backend;

/// <summary>The vectorised max-pool (channels a multiple of 16) against a plain reference loop, on odd sizes and with ties.</summary>
public class PoolKernelTests
{
    [Theory]
    [InlineData(7, 9, 16, 2, 3)]
    [InlineData(11, 11, 64, 2, 2)]
    [InlineData(9, 7, 32, 3, 1)]
    [InlineData(7, 8, 16, 2, 2)] // every column covered, not the last row
    [InlineData(8, 8, 16, 2, 2)] // every pixel covered
    [InlineData(5, 5, 4, 2, 2)]
    public void Forward_and_backward_match_the_reference(int height, int width, int channels, int window, int batch)
    {
        var g = new PoolGeometry(height, width, channels, window);
        // Values from a coarse grid, so windows hold ties: the first maximum in scan order must get the gradient.
        var input = TestData.Uniform(g.InSize, batch, 1).Map(v => MathF.Round(v * 4f)).AsColumnMajorArray();
        var upstream = TestData.Uniform(g.OutSize, batch, 2).AsColumnMajorArray();
        var output = new float[g.OutSize * batch];
        var gradient = Enumerable.Repeat(float.NaN, g.InSize * batch).ToArray();

        PoolKernels.Forward(g, input, batch, output);
        PoolKernels.Backward(g, input, output, upstream, batch, gradient);

        var (expectedOutput, expectedGradient) = Reference(g, input, upstream, batch);
        Assert.Equal(expectedOutput, output);
        Assert.Equal(expectedGradient, gradient);
    }

    [Theory]
    [InlineData(7, 9, 16, 2, 3)] // vectorised
    [InlineData(5, 5, 4, 2, 2)] // scalar
    public void Routing_over_a_relu_output_equals_relu_backward_after_routing(int height, int width, int channels, int window, int batch)
    {
        var g = new PoolGeometry(height, width, channels, window);
        // A ReLU output: many zeros, so whole windows hold only zeros (their maximum is not positive).
        var input = TestData.Uniform(g.InSize, batch, 3).Map(v => MathF.Max(0f, MathF.Round((v * 4f) - 2f))).AsColumnMajorArray();
        var upstream = TestData.Uniform(g.OutSize, batch, 4).Map(v => v - 0.5f).AsColumnMajorArray();
        var output = new float[g.OutSize * batch];
        PoolKernels.Forward(g, input, batch, output);
        var expected = new float[g.InSize * batch];
        PoolKernels.Backward(g, input, output, upstream, batch, expected);
        MnistFunctional.Backend.ActivationFunctions.Backward(MnistFunctional.Dsl.Activation.ReLU, input, expected, expected);
        var fused = Enumerable.Repeat(float.NaN, g.InSize * batch).ToArray();

        PoolKernels.Backward(g, input, output, upstream, batch, fused, reluInput: true);

        Assert.Contains(output, value => value == 0f);
        Assert.Equal(expected, fused);
    }

    private static (float[] Output, float[] Gradient) Reference(PoolGeometry g, float[] x, float[] dy, int batch)
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
                        var best = -1;
                        for (var wy = 0; wy < g.Window; wy++)
                        {
                            for (var wx = 0; wx < g.Window; wx++)
                            {
                                var at = (b * g.InSize) + (((((oy * g.Window) + wy) * g.InWidth) + (ox * g.Window) + wx) * g.Channels) + c;
                                if (best < 0 || x[at] > x[best])
                                {
                                    best = at;
                                }
                            }
                        }

                        var o = (b * g.OutSize) + (((oy * g.OutWidth) + ox) * g.Channels) + c;
                        y[o] = x[best];
                        dx[best] = dy[o];
                    }
                }
            }
        }

        return (y, dx);
    }
}

using MnistFunctional.Backend;
using MnistFunctional.Dsl;

namespace MnistFunctional.Tests.Backend;

/// <summary>The direct one-channel convolution against plain loops, on odd sizes, strides and kernels.</summary>
public class SingleChannelConvTests
{
    [Theory]
    [InlineData(7, 9, 16, 3, 1, 3)]
    [InlineData(28, 28, 32, 3, 1, 2)]
    [InlineData(9, 8, 32, 2, 2, 1)]
    [InlineData(9, 11, 16, 3, 2, 2)] // 3×3 with stride 2: the general loop
    public void Forward_and_kernel_gradient_match_the_reference(int height, int width, int filters, int kernel, int stride, int batch)
    {
        var g = new ConvGeometry(height, width, 1, filters, kernel, stride, Activation.ReLU);
        Assert.True(SingleChannelConv.Applies(g) || !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated);
        var x = TestData.Uniform(g.InSize, batch, 1).AsColumnMajorArray();
        var w = TestData.Uniform(filters, kernel * kernel, 2).Map(v => v - 0.5f).AsColumnMajorArray();
        var bias = TestData.Uniform(filters, 1, 3).Map(v => v - 0.5f).AsColumnMajorArray();
        var dz = TestData.Uniform(g.OutSize, batch, 4).Map(v => v - 0.5f).AsColumnMajorArray();
        var output = new float[g.OutSize * batch];
        var kernelGradient = new float[filters * kernel * kernel];

        SingleChannelConv.Forward(g, w, bias, x, batch, output, relu: true);
        SingleChannelConv.KernelGradient(g, x, dz, batch, kernelGradient);

        var (expectedOutput, expectedGradient) = Reference(g, w, bias, x, dz, batch);
        Assert.All(output.Zip(expectedOutput), pair => Assert.Equal(pair.Second, pair.First, 1e-5));
        Assert.All(kernelGradient.Zip(expectedGradient), pair => Assert.Equal(pair.Second, pair.First, 1e-3));
    }

    [Fact]
    public void The_3x3_kernel_gradient_over_a_routed_gradient_is_the_scan_order_chain_of_every_term_bit_for_bit()
    {
        // Half the positions get no gradient for any filter (skipped), the others a few filters' values (summed).
        var g = new ConvGeometry(12, 9, 1, 32, 3, 1, Activation.ReLU);
        const int batch = 3;
        var x = TestData.Uniform(g.InSize, batch, 8).AsColumnMajorArray();
        var dz = TestData.Uniform(g.OutSize, batch, 9).Map(v => v - 0.5f).AsColumnMajorArray();
        var random = new Random(10);
        for (var column = 0; column < g.Positions * batch; column++)
        {
            var silent = random.Next(2) == 0;
            for (var f = 0; f < g.Filters; f++)
            {
                dz[(column * g.Filters) + f] = silent || random.Next(4) != 0 ? 0f : dz[(column * g.Filters) + f];
            }
        }

        var kernelGradient = new float[g.Filters * 9];
        SingleChannelConv.KernelGradient(g, x, dz, batch, kernelGradient);

        for (var f = 0; f < g.Filters; f++)
        {
            for (var tap = 0; tap < 9; tap++)
            {
                var sum = 0f;
                for (var column = 0; column < g.Positions * batch; column++)
                {
                    var (b, position) = (column / g.Positions, column % g.Positions);
                    var (oy, ox) = (position / g.OutWidth, position % g.OutWidth);
                    sum = MathF.FusedMultiplyAdd(dz[(column * g.Filters) + f], x[(b * g.InSize) + ((oy + (tap / 3)) * g.InWidth) + ox + (tap % 3)], sum);
                }

                Assert.Equal(BitConverter.SingleToInt32Bits(sum), BitConverter.SingleToInt32Bits(kernelGradient[(tap * g.Filters) + f]));
            }
        }
    }

    [Theory]
    [InlineData(28, 28, 32, 2)]
    [InlineData(6, 11, 16, 3)] // output width 9: a group of eight pixels and a remainder
    public void The_3x3_forward_does_the_reference_multiply_adds_in_scan_order_bit_for_bit(int height, int width, int filters, int batch)
    {
        var g = new ConvGeometry(height, width, 1, filters, 3, 1, Activation.ReLU);
        var x = TestData.Uniform(g.InSize, batch, 5).AsColumnMajorArray();
        var w = TestData.Uniform(filters, 9, 6).Map(v => v - 0.5f).AsColumnMajorArray();
        var bias = TestData.Uniform(filters, 1, 7).Map(v => v - 0.5f).AsColumnMajorArray();
        var output = new float[g.OutSize * batch];

        SingleChannelConv.Forward(g, w, bias, x, batch, output, relu: true);

        for (var b = 0; b < batch; b++)
        {
            for (var position = 0; position < g.Positions; position++)
            {
                var (oy, ox) = (position / g.OutWidth, position % g.OutWidth);
                for (var f = 0; f < filters; f++)
                {
                    var sum = bias[f];
                    for (var tap = 0; tap < 9; tap++)
                    {
                        sum = MathF.FusedMultiplyAdd(w[(tap * filters) + f], x[(b * g.InSize) + ((oy + (tap / 3)) * width) + ox + (tap % 3)], sum);
                    }

                    Assert.Equal(MathF.Max(sum, 0f), output[(b * g.OutSize) + (position * filters) + f]);
                }
            }
        }
    }

    private static (double[] Output, double[] KernelGradient) Reference(ConvGeometry g, float[] w, float[] bias, float[] x, float[] dz, int batch)
    {
        var y = new double[g.OutSize * batch];
        var dw = new double[w.Length];
        for (var b = 0; b < batch; b++)
        {
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    for (var f = 0; f < g.Filters; f++)
                    {
                        var at = (b * g.OutSize) + (((oy * g.OutWidth) + ox) * g.Filters) + f;
                        double sum = bias[f];
                        for (var dy = 0; dy < g.Kernel; dy++)
                        {
                            for (var dx = 0; dx < g.Kernel; dx++)
                            {
                                var pixel = x[(b * g.InSize) + ((((oy * g.Stride) + dy) * g.InWidth) + (ox * g.Stride) + dx)];
                                var tap = (dy * g.Kernel) + dx;
                                sum += w[(tap * g.Filters) + f] * (double)pixel;
                                dw[(tap * g.Filters) + f] += dz[at] * (double)pixel;
                            }
                        }

                        y[at] = Math.Max(sum, 0);
                    }
                }
            }
        }

        return (y, dw);
    }
}

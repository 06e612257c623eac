using MnistFunctional.Backend;
using MnistFunctional.Dsl;

namespace MnistFunctional.Tests.Backend;

/// <summary>The Winograd F(3×3, 3×3) convolution against the im2col convolution.</summary>
public class WinogradConvTests
{
    [Theory]
    [InlineData(5, 5, 64, 64, 3, Activation.ReLU)] // the seed model's conv3: one tile per image
    [InlineData(8, 11, 16, 32, 2, Activation.Linear)] // 6×9 outputs: 2×3 tiles per image
    [InlineData(11, 5, 32, 16, 40, Activation.Tanh)] // 9×3 outputs, 120 tiles: two blocks
    public void Matches_the_im2col_convolution(int height, int width, int channels, int filters, int batch, Activation activation)
    {
        var g = new ConvGeometry(height, width, channels, filters, 3, 1, activation);
        if (!WinogradConv.Applies(g))
        {
            Assert.False(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated); // the kernel needs 512-bit vectors
            return;
        }

        var x = TestData.Uniform(g.InSize, batch, 1).AsColumnMajorArray();
        var parameters = TestData.ConvParameters(g, seed: 2);
        var expected = new float[g.OutSize * batch];
        ConvKernels.Forward(g, parameters, x, batch, new float[g.PatchSize * g.Positions * batch], expected);

        var kernel = new float[WinogradConv.KernelLength(g)];
        WinogradConv.TransformKernel(g, Storage.Of(parameters.Kernel), kernel);
        var actual = new float[g.OutSize * batch];
        WinogradConv.Forward(g, kernel, Storage.Of(parameters.Bias), x, batch, new float[WinogradConv.ScratchLength(g, batch)], actual);

        Assert.All(actual.Zip(expected), pair => Assert.Equal(pair.Second, pair.First, 2e-5));
    }

    [Fact]
    public void Gives_the_same_bits_wherever_its_scratch_starts()
    {
        var g = new ConvGeometry(5, 5, 64, 64, 3, 1, Activation.ReLU);
        if (!WinogradConv.Applies(g))
        {
            return;
        }

        const int batch = 3;
        var x = TestData.Uniform(g.InSize, batch, 1).AsColumnMajorArray();
        var parameters = TestData.ConvParameters(g, seed: 2);
        var kernel = new float[WinogradConv.KernelLength(g)];
        WinogradConv.TransformKernel(g, Storage.Of(parameters.Kernel), kernel);
        TestData.SameAtEveryStart(WinogradConv.ScratchLength(g, batch), scratch =>
        {
            var output = new float[g.OutSize * batch];
            WinogradConv.Forward(g, kernel, Storage.Of(parameters.Bias), x, batch, scratch, output);
            return output;
        });
    }

    [Fact]
    public void Does_not_apply_to_other_kernels_strides_output_sides_or_channel_counts()
    {
        var g = new ConvGeometry(5, 5, 16, 16, 3, 1, Activation.ReLU);
        Assert.False(WinogradConv.Applies(g with { InHeight = 6 })); // 4 output rows
        Assert.False(WinogradConv.Applies(g with { Kernel = 5, InHeight = 7, InWidth = 7 }));
        Assert.False(WinogradConv.Applies(g with { Stride = 2, InHeight = 7, InWidth = 7 }));
        Assert.False(WinogradConv.Applies(g with { InChannels = 8 }));
        Assert.False(WinogradConv.Applies(g with { Filters = 24 }));
    }
}

using MnistFunctional.Backend;
using MnistFunctional.Dsl;

namespace MnistFunctional.Tests.Backend;

/// <summary>The fused Winograd convolution + pooling against the im2col convolution followed by the pooling kernel.</summary>
public class WinogradConvPoolTests
{
    [Theory]
    [InlineData(13, 13, 32, 64, 4, Activation.ReLU)] // the seed model's conv2 + pool2 (last row and column dropped), 100 tiles: seven groups of 12 and one of 16
    [InlineData(8, 10, 16, 16, 1, Activation.Linear)] // even convolution output, no activation
    [InlineData(7, 9, 16, 48, 2, Activation.Tanh)] // odd sides, a smooth activation
    [InlineData(4, 4, 32, 16, 9, Activation.Sigmoid)] // one tile per image
    [InlineData(9, 13, 16, 80, 3, Activation.ReLU)] // 64 + 16 filters, 45 tiles: groups of 12 and a last one of 6 + 3 columns
    [InlineData(13, 13, 32, 64, 1, Activation.ReLU)] // one image of the seed model: 25 tiles, two groups and a lone column
    public void Matches_convolution_then_pooling(int height, int width, int channels, int filters, int batch, Activation activation)
    {
        var conv = new ConvGeometry(height, width, channels, filters, 3, 1, activation);
        var pool = new PoolGeometry(conv.OutHeight, conv.OutWidth, filters, 2);
        if (!WinogradConvPool.Applies(conv, pool))
        {
            Assert.False(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated); // the kernel needs 512-bit vectors
            return;
        }

        var x = TestData.Uniform(conv.InSize, batch, 1).AsColumnMajorArray();
        var parameters = TestData.ConvParameters(conv, seed: 2);

        var convolved = new float[conv.OutSize * batch];
        ConvKernels.Forward(conv, parameters, x, batch, new float[conv.PatchSize * conv.Positions * batch], convolved);
        var expected = new float[pool.OutSize * batch];
        PoolKernels.Forward(pool, convolved, batch, expected);

        var kernel = new float[WinogradConvPool.KernelLength(conv)];
        WinogradConvPool.TransformKernel(conv, Storage.Of(parameters.Kernel), kernel);
        var actual = new float[pool.OutSize * batch];
        WinogradConvPool.Forward(conv, pool, kernel, Storage.Of(parameters.Bias), x, batch, new float[WinogradConvPool.ScratchLength(conv, pool, batch)], actual);

        Assert.All(actual.Zip(expected), pair => Assert.Equal(pair.Second, pair.First, 1e-5));
    }

    [Fact]
    public void Gives_the_same_bits_wherever_its_scratch_starts()
    {
        var conv = new ConvGeometry(13, 13, 32, 64, 3, 1, Activation.ReLU);
        var pool = new PoolGeometry(11, 11, 64, 2);
        if (!WinogradConvPool.Applies(conv, pool))
        {
            return;
        }

        const int batch = 2;
        var x = TestData.Uniform(conv.InSize, batch, 1).AsColumnMajorArray();
        var parameters = TestData.ConvParameters(conv, seed: 2);
        var kernel = new float[WinogradConvPool.KernelLength(conv)];
        WinogradConvPool.TransformKernel(conv, Storage.Of(parameters.Kernel), kernel);
        TestData.SameAtEveryStart(WinogradConvPool.ScratchLength(conv, pool, batch), scratch =>
        {
            var output = new float[pool.OutSize * batch];
            WinogradConvPool.Forward(conv, pool, kernel, Storage.Of(parameters.Bias), x, batch, scratch, output);
            return output;
        });
    }

    [Fact]
    public void Does_not_apply_to_other_kernels_strides_windows_or_channel_counts()
    {
        var conv = new ConvGeometry(13, 13, 16, 16, 3, 1, Activation.ReLU);
        Assert.False(WinogradConvPool.Applies(conv with { InChannels = 24 }, new PoolGeometry(11, 11, 16, 2)));
        Assert.False(WinogradConvPool.Applies(conv with { Filters = 8 }, new PoolGeometry(11, 11, 8, 2)));
        Assert.False(WinogradConvPool.Applies(conv with { Kernel = 5 }, new PoolGeometry(9, 9, 16, 2)));
        Assert.False(WinogradConvPool.Applies(conv with { Stride = 2 }, new PoolGeometry(6, 6, 16, 2)));
        Assert.False(WinogradConvPool.Applies(conv, new PoolGeometry(11, 11, 16, 3)));
        Assert.False(WinogradConvPool.Applies(conv with { Activation = Activation.Softmax }, new PoolGeometry(11, 11, 16, 2)));
    }
}

using MnistFunctional.Backend;
using MnistFunctional.Dsl;

namespace MnistFunctional.Tests.Backend;

/// <summary>Convolution + pooling for inference against the convolution kernel followed by the pooling kernel, bit for bit.</summary>
public class ConvPoolKernelsTests
{
    [Theory]
    [InlineData(28, 28, 1, 32, Activation.ReLU, 3)] // the seed model's conv1 + pool1: pooled in registers
    [InlineData(9, 12, 1, 16, Activation.Linear, 2)] // 7×10 → 3×5: a group of four windows and one more, last row dropped
    [InlineData(10, 9, 3, 16, Activation.ReLU, 2)] // three channels: convolution, then pooling
    public void Equal_the_convolution_then_the_pooling(int height, int width, int channels, int filters, Activation activation, int batch)
    {
        var conv = new ConvGeometry(height, width, channels, filters, 3, 1, activation);
        var pool = new PoolGeometry(conv.OutHeight, conv.OutWidth, filters, 2);
        Assert.Equal(channels == 1 && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated, SingleChannelConvPool.Applies(conv, pool));
        var x = TestData.Uniform(conv.InSize, batch, 1).Map(v => v - 0.3f).AsColumnMajorArray();
        var parameters = TestData.ConvParameters(conv, seed: 2);
        var columns = new float[conv.PatchSize * conv.Positions * batch];
        var convolved = new float[conv.OutSize * batch];
        var kernel = channels == 1 ? ConvKernel.SingleChannel : ConvKernel.Im2Col; // as the planner chooses
        ConvKernels.Forward(conv, parameters, x, batch, columns, convolved, kernel: kernel);
        var expected = new float[pool.OutSize * batch];
        PoolKernels.Forward(pool, convolved, batch, expected);

        var actual = new float[pool.OutSize * batch];
        ConvPoolKernels.Forward(conv, pool, parameters, x, batch, columns, new float[conv.OutSize * batch], actual, kernel: kernel);

        Assert.Equal(expected, actual);
    }
}

using MnistFunctional.Backend;
using MnistFunctional.Dsl;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// The first convolution's backward fused with the max pooling's above it, against the pooling's backward and then the
/// convolution's: the same kernel and bias gradients bit for bit, with ties in windows (flat regions, as on MNIST's
/// background), windows that do not cover the last row and column, and ReLU-dead maxima; from the pooled values, and
/// from the routing the pooling's forward recorded.
/// </summary>
public class SingleChannelConvPoolBackwardTests
{
    [Theory]
    [InlineData(28, 28, 32, 2, 3)] // the seed model's conv1 + pool1
    [InlineData(12, 9, 16, 2, 2)] // 10×7 → 5×3: the last column is in no window
    [InlineData(11, 11, 16, 3, 2)] // 9×9 → 3×3, 3×3 windows
    [InlineData(13, 10, 48, 2, 3)] // 11×8 → 5×4: a pair of filter groups and a group on its own, the last row in no window
    [InlineData(9, 9, 32, 3, 1)] // one pair, 3×3 windows
    public void Gives_the_pooling_then_the_convolution_backward_bit_for_bit(int height, int width, int filters, int window, int batch)
    {
        var conv = new ConvGeometry(height, width, 1, filters, 3, 1, Activation.ReLU);
        var pool = new PoolGeometry(conv.OutHeight, conv.OutWidth, filters, window);
        Assert.Equal(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated, SingleChannelConvPoolBackward.Applies(conv, pool));
        var x = TestData.Uniform(conv.InSize, batch, 1).AsColumnMajorArray();
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = i % 7 < 3 ? 0f : x[i]; // flat stretches: equal outputs, ties the pooling breaks in scan order
        }

        var parameters = TestData.ConvParameters(conv, seed: 2);
        var (columns, output, pooled) = (new float[conv.PatchSize * conv.Positions * batch], new float[conv.OutSize * batch], new float[pool.OutSize * batch]);
        ConvKernels.Forward(conv, parameters, x, batch, columns, output, parallel: false, ConvKernel.SingleChannel);
        PoolKernels.Forward(pool, output, batch, pooled);
        var pooledGradient = TestData.Uniform(pool.OutSize, batch, 3).Map(v => v - 0.5f).AsColumnMajorArray();

        var outputGradient = new float[conv.OutSize * batch];
        var (expectedKernel, expectedBias) = (new float[filters * 9], new float[filters]);
        PoolKernels.Backward(pool, output, pooled, pooledGradient, batch, outputGradient, reluInput: true);
        ConvKernels.Backward(conv, parameters, x, output, outputGradient, batch, columns, expectedKernel, expectedBias, [], parallel: false, activationApplied: true, ConvKernel.SingleChannel);

        var (kernel, bias) = (new float[filters * 9], new float[filters]);
        ConvKernels.BackwardThroughPool(conv, pool, parameters, x, output, pooled, pooledGradient, batch, new float[conv.OutSize * batch], columns, kernel, bias, parallel: false);

        Assert.Equal(Bits(expectedKernel), Bits(kernel));
        Assert.Equal(Bits(expectedBias), Bits(bias));

        // The training forward's way: the pooling records its routing, and the backward reads that instead of the output.
        var (routing, pooledAgain) = (new byte[pool.OutSize * batch], new float[pool.OutSize * batch]);
        PoolKernels.Forward(pool, output, batch, pooledAgain, routing);
        Assert.Equal(Bits(pooled), Bits(pooledAgain));
        ConvKernels.BackwardThroughPool(conv, pool, parameters, x, output, pooled, pooledGradient, batch, new float[conv.OutSize * batch], columns, kernel, bias, parallel: false, routing);
        Assert.Equal(Bits(expectedKernel), Bits(kernel));
        Assert.Equal(Bits(expectedBias), Bits(bias));
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}

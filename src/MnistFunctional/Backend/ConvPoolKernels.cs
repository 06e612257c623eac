using MnistFunctional.Tensors;

namespace MnistFunctional.Backend;

/// <summary>
/// Inference only: a convolution and the max pooling after it, the convolution's output not kept. Fused in registers
/// where a kernel exists (<see cref="SingleChannelConvPool"/>); otherwise the convolution then the pooling, through
/// <paramref name="convolved"/>. The Winograd pair (<see cref="WinogradConvPool"/>) needs a transformed kernel and is
/// chosen by the generated code.
/// </summary>
public static class ConvPoolKernels
{
    /// <summary>output (pooled positions·filters × batch) = maxpool(f(conv(input) + b)); columns and convolved are scratch; <paramref name="kernel"/> as for <see cref="ConvKernels.Forward"/>.</summary>
    public static void Forward(
        ConvGeometry conv, PoolGeometry pool, ConvParameters parameters, ReadOnlySpan<float> input, int batch,
        Span<float> columns, Span<float> convolved, Span<float> output, bool parallel = true, ConvKernel kernel = ConvKernel.Im2Col)
    {
        if (SingleChannelConvPool.Applies(conv, pool))
        {
            SingleChannelConvPool.Forward(conv, pool, Storage.Of(parameters.Kernel), Storage.Of(parameters.Bias), input, batch, output);
            return;
        }

        var between = convolved[..(conv.OutSize * batch)];
        ConvKernels.Forward(conv, parameters, input, batch, columns, between, parallel, kernel);
        PoolKernels.Forward(pool, between, batch, output);
    }
}

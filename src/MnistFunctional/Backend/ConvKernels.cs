using MnistFunctional.Tensors;

namespace MnistFunctional.Backend;

/// <summary>
/// Forward and backward of a "valid" 2-D convolution as im2col + matrix products, over caller-owned
/// buffers (a network's workspace), so a training step allocates nothing.
/// </summary>
public static class ConvKernels
{
    private const int ColumnChunkBytes = 512 * 1024;

    /// <summary>output (filters·positions × batch, channels last) = f(W·im2col(x) + b); <paramref name="columns"/> is scratch.</summary>
    public static void Forward(ConvGeometry g, ConvParameters parameters, ReadOnlySpan<float> input, int batch, Span<float> columns, Span<float> output, bool parallel = true)
    {
        if (SingleChannelConv.Applies(g) && g.Activation is Dsl.Activation.ReLU or Dsl.Activation.Linear)
        {
            SingleChannelConv.Forward(g, Storage.Of(parameters.Kernel), Storage.Of(parameters.Bias), input, batch, output, g.Activation == Dsl.Activation.ReLU);
            return;
        }

        // A few images at a time, so their columns are still in the core's cache when the product reads them
        // (a whole batch of conv2 columns is 139 KB per image). Every output column is summed the same way.
        var chunk = ImagesPerChunk(g);
        for (var first = 0; first < batch; first += chunk)
        {
            var images = Math.Min(chunk, batch - first);
            var chunkOutput = output.Slice(first * g.OutSize, images * g.OutSize);
            Im2Col.Expand(g, input.Slice(first * g.InSize, images * g.InSize), images, columns);
            Gemm.Multiply(false, false, g.Filters, g.Positions * images, g.PatchSize, Storage.Of(parameters.Kernel), g.Filters, columns, g.PatchSize, chunkOutput, g.Filters, parallel: parallel);
            BiasActivation.Apply(chunkOutput, Storage.Of(parameters.Bias), g.Activation);
        }
    }

    private static int ImagesPerChunk(ConvGeometry g) => Math.Max(1, ColumnChunkBytes / (g.PatchSize * g.Positions * sizeof(float)));

    /// <summary>
    /// Gradients of the kernel and bias and, when <paramref name="inputGradient"/> is not empty, of the input.
    /// <paramref name="outputGradient"/> is turned in place into the gradient before the activation, unless
    /// <paramref name="activationApplied"/> says the layer above already did (a pooling layer over a ReLU output).
    /// </summary>
    public static void Backward(
        ConvGeometry g, ConvParameters parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> outputGradient, int batch,
        Span<float> columns, Span<float> kernelGradient, Span<float> biasGradient, Span<float> inputGradient, bool parallel = true, bool activationApplied = false)
    {
        var columnCount = g.Positions * batch;
        var preActivation = outputGradient[..(g.OutSize * batch)];
        if (!activationApplied)
        {
            ActivationFunctions.Backward(g.Activation, output, preActivation, preActivation);
        }

        if (SingleChannelConv.Applies(g) && inputGradient.IsEmpty)
        {
            SingleChannelConv.KernelGradient(g, input, preActivation, batch, kernelGradient);
            Bias.SumColumns(preActivation, g.Filters, biasGradient);
            return;
        }

        Im2Col.Expand(g, input, batch, columns);

        // dW (filters × patch) = dZ (filters × columns) · colsᵀ
        Gemm.Multiply(false, true, g.Filters, g.PatchSize, columnCount, preActivation, g.Filters, columns, g.PatchSize, kernelGradient, g.Filters, parallel: parallel);
        Bias.SumColumns(preActivation, g.Filters, biasGradient);

        if (!inputGradient.IsEmpty)
        {
            // dCols (patch × columns) = Wᵀ · dZ, then folded back onto the input. (In chunks of images, as the forward
            // does, measured slower: each product packs Wᵀ again.)
            Gemm.Multiply(true, false, g.PatchSize, columnCount, g.Filters, Storage.Of(parameters.Kernel), g.Filters, preActivation, g.Filters, columns, g.PatchSize, parallel: parallel);
            Im2Col.Collapse(g, columns, batch, inputGradient);
        }
    }
}

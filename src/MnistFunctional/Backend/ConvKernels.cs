using MnistFunctional.Tensors;

namespace MnistFunctional.Backend;

/// <summary>
/// Forward and backward of a "valid" 2-D convolution as im2col + one matrix product, over caller-owned
/// buffers (a network's workspace), so a training step allocates nothing.
/// </summary>
public static class ConvKernels
{
    /// <summary>output (filters·positions × batch, channels last) = f(W·im2col(x) + b); <paramref name="columns"/> is scratch.</summary>
    public static void Forward(ConvGeometry g, ConvParameters parameters, ReadOnlySpan<float> input, int batch, Span<float> columns, Span<float> output, bool parallel = true)
    {
        if (SingleChannelConv.Applies(g) && g.Activation is Dsl.Activation.ReLU or Dsl.Activation.Linear)
        {
            SingleChannelConv.Forward(g, Storage.Of(parameters.Kernel), Storage.Of(parameters.Bias), input, batch, output, g.Activation == Dsl.Activation.ReLU);
            return;
        }

        var columnCount = g.Positions * batch;
        Im2Col.Expand(g, input, batch, columns);
        Gemm.Multiply(false, false, g.Filters, columnCount, g.PatchSize, Storage.Of(parameters.Kernel), g.Filters, columns, g.PatchSize, output, g.Filters, parallel: parallel);
        BiasActivation.Apply(output[..(g.OutSize * batch)], Storage.Of(parameters.Bias), g.Activation);
    }

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
            // dCols (patch × columns) = Wᵀ · dZ, then folded back onto the input.
            Gemm.Multiply(true, false, g.PatchSize, columnCount, g.Filters, Storage.Of(parameters.Kernel), g.Filters, preActivation, g.Filters, columns, g.PatchSize, parallel: parallel);
            Im2Col.Collapse(g, columns, batch, inputGradient);
        }
    }
}

using System.Buffers;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Tensors;

namespace MnistFunctional.Backend;

/// <summary>Forward and backward of a "valid" 2-D convolution as im2col + one matrix product.</summary>
public static class ConvKernels
{
    /// <summary>Output (filters·positions × batch, channels last) = f(W·im2col(x) + b).</summary>
    public static Matrix<float> Forward(ConvGeometry g, ConvParameters parameters, Matrix<float> input)
    {
        var batch = input.ColumnCount;
        var output = new float[g.OutSize * batch];
        var columnCount = g.Positions * batch;
        var columns = ArrayPool<float>.Shared.Rent(g.PatchSize * columnCount);
        try
        {
            Im2Col.Expand(g, Storage.Of(input), batch, columns);
            Gemm.Multiply(false, false, g.Filters, columnCount, g.PatchSize, Storage.Of(parameters.Kernel), g.Filters, columns, g.PatchSize, output, g.Filters);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columns);
        }

        Bias.AddToColumns(output, Storage.Of(parameters.Bias));
        ActivationFunctions.Apply(g.Activation, output);
        return Storage.Matrix(g.OutSize, batch, output);
    }

    /// <summary>
    /// Gradients of the kernel and bias, and (unless this is the first layer) of the input,
    /// from the gradient of the loss with respect to this layer's output.
    /// </summary>
    public static (ConvParameters Gradient, Matrix<float>? InputGradient) Backward(
        ConvGeometry g, ConvParameters parameters, Matrix<float> input, Matrix<float> output, Matrix<float> outputGradient, bool needInputGradient)
    {
        var batch = input.ColumnCount;
        var columnCount = g.Positions * batch;
        var preActivation = new float[g.OutSize * batch];
        ActivationFunctions.Backward(g.Activation, Storage.Of(output), Storage.Of(outputGradient), preActivation);

        var kernelGradient = new float[g.Filters * g.PatchSize];
        var columns = ArrayPool<float>.Shared.Rent(g.PatchSize * columnCount);
        Matrix<float>? inputGradient = null;
        try
        {
            Im2Col.Expand(g, Storage.Of(input), batch, columns);

            // dW (filters × patch) = dZ (filters × columns) · colsᵀ
            Gemm.Multiply(false, true, g.Filters, g.PatchSize, columnCount, preActivation, g.Filters, columns, g.PatchSize, kernelGradient, g.Filters);

            if (needInputGradient)
            {
                // dCols (patch × columns) = Wᵀ · dZ, then folded back onto the input.
                Gemm.Multiply(true, false, g.PatchSize, columnCount, g.Filters, Storage.Of(parameters.Kernel), g.Filters, preActivation, g.Filters, columns, g.PatchSize);
                var dx = new float[g.InSize * batch];
                Im2Col.Collapse(g, columns, batch, dx);
                inputGradient = Storage.Matrix(g.InSize, batch, dx);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columns);
        }

        var gradient = new ConvParameters(Storage.Matrix(g.Filters, g.PatchSize, kernelGradient), Storage.Vector(Bias.SumColumns(preActivation, g.Filters)));
        return (gradient, inputGradient);
    }
}

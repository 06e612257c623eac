using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Backend;

/// <summary>Forward and backward of a fully connected layer, y = f(W·x + b) for every column x, over caller-owned buffers.</summary>
public static class DenseKernels
{
    /// <summary>W·x + b before the activation (the logits of a softmax layer).</summary>
    public static void Linear(DenseParameters parameters, ReadOnlySpan<float> input, int batch, Span<float> output, bool parallel = true) =>
        Forward(parameters, Activation.Linear, input, batch, output, parallel);

    public static void Forward(DenseParameters parameters, Activation activation, ReadOnlySpan<float> input, int batch, Span<float> output, bool parallel = true)
    {
        Gemm.Multiply(false, false, parameters.Units, batch, parameters.Inputs, Storage.Of(parameters.Weights), parameters.Units, input, parameters.Inputs, output, parameters.Units, parallel: parallel);
        BiasActivation.Apply(output[..(parameters.Units * batch)], Storage.Of(parameters.Bias), activation);
    }

    /// <summary>Backward from the gradient with respect to the pre-activation W·x + b; an empty <paramref name="inputGradient"/> skips it.</summary>
    public static void BackwardLinear(
        DenseParameters parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> preActivationGradient, int batch,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, bool parallel = true)
    {
        int units = parameters.Units, inputs = parameters.Inputs;
        var dz = preActivationGradient[..(units * batch)];
        Gemm.Multiply(false, true, units, inputs, batch, dz, units, input, inputs, weightGradient, units, parallel: parallel);
        Bias.SumColumns(dz, units, biasGradient);
        if (!inputGradient.IsEmpty)
        {
            Gemm.Multiply(true, false, inputs, batch, units, Storage.Of(parameters.Weights), units, dz, units, inputGradient, inputs, parallel: parallel);
        }
    }

    /// <summary><paramref name="outputGradient"/> is turned in place into the gradient before the activation.</summary>
    public static void Backward(
        DenseParameters parameters, Activation activation, ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> outputGradient, int batch,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, bool parallel = true)
    {
        var preActivation = outputGradient[..(parameters.Units * batch)];
        ActivationFunctions.Backward(activation, output, preActivation, preActivation);
        BackwardLinear(parameters, input, preActivation, batch, weightGradient, biasGradient, inputGradient, parallel);
    }
}

using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Backend;

/// <summary>Forward and backward of a fully connected layer: y = f(W·x + b) for every column x.</summary>
public static class DenseKernels
{
    /// <summary>W·x + b before the activation (the logits of a softmax layer).</summary>
    public static Matrix<float> Linear(DenseParameters parameters, Matrix<float> input)
    {
        var batch = input.ColumnCount;
        var output = new float[parameters.Units * batch];
        Gemm.Multiply(false, false, parameters.Units, batch, parameters.Inputs, Storage.Of(parameters.Weights), parameters.Units, Storage.Of(input), parameters.Inputs, output, parameters.Units);
        Bias.AddToColumns(output, Storage.Of(parameters.Bias));
        return Storage.Matrix(parameters.Units, batch, output);
    }

    public static Matrix<float> Forward(DenseParameters parameters, Activation activation, Matrix<float> input)
    {
        var output = Linear(parameters, input);
        ActivationFunctions.Apply(activation, Storage.Of(output));
        return output;
    }

    /// <summary>Backward from the gradient with respect to the pre-activation W·x + b.</summary>
    public static (DenseParameters Gradient, Matrix<float>? InputGradient) BackwardLinear(
        DenseParameters parameters, Matrix<float> input, float[] preActivationGradient, bool needInputGradient)
    {
        var batch = input.ColumnCount;
        int units = parameters.Units, inputs = parameters.Inputs;
        var weightGradient = new float[units * inputs];
        Gemm.Multiply(false, true, units, inputs, batch, preActivationGradient, units, Storage.Of(input), inputs, weightGradient, units);
        Matrix<float>? inputGradient = null;
        if (needInputGradient)
        {
            var dx = new float[inputs * batch];
            Gemm.Multiply(true, false, inputs, batch, units, Storage.Of(parameters.Weights), units, preActivationGradient, units, dx, inputs);
            inputGradient = Storage.Matrix(inputs, batch, dx);
        }

        var gradient = new DenseParameters(Storage.Matrix(units, inputs, weightGradient), Storage.Vector(Bias.SumColumns(preActivationGradient, units)));
        return (gradient, inputGradient);
    }

    public static (DenseParameters Gradient, Matrix<float>? InputGradient) Backward(
        DenseParameters parameters, Activation activation, Matrix<float> input, Matrix<float> output, Matrix<float> outputGradient, bool needInputGradient)
    {
        var preActivation = new float[output.RowCount * output.ColumnCount];
        ActivationFunctions.Backward(activation, Storage.Of(output), Storage.Of(outputGradient), preActivation);
        return BackwardLinear(parameters, input, preActivation, needInputGradient);
    }
}

using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Tensors;
using MnistFunctional.Tests;

namespace MnistFunctional.Onnx.Tests;

/// <summary>Exports a network, runs the file with ONNX Runtime and measures how far its probabilities are from <c>Predict</c>'s.</summary>
internal static class OnnxAgreement
{
    public const float Tolerance = 1e-5f;

    /// <summary>Glorot kernels from <paramref name="seed"/> and biases uniform in [−0.1, 0.1) (Initialize's are zero, which would not test them).</summary>
    public static TParameters RandomParameters<TParameters, TGradients>(INetwork<TParameters, TGradients> network, int seed)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients> =>
        TParameters.FromArrays([.. network.Initialize(seed).Tensors.Select((tensor, i) => tensor.Name.EndsWith(".bias", StringComparison.Ordinal)
            ? [.. TestData.Uniform(tensor.Data.Length, 1, seed + 100 + i).AsColumnMajorArray().Select(v => (v - 0.5f) / 5)]
            : tensor.Data)]);

    /// <summary>The largest absolute difference between ONNX Runtime's and Predict's probabilities.</summary>
    public static float MaxDifference<TParameters, TGradients>(INetwork<TParameters, TGradients> network, TParameters parameters, Matrix<float> input)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        using var onnx = OnnxPredictor.FromBytes(OnnxExport.Encode(network.Name, network.Architecture, parameters));
        var expected = network.Predict(parameters, input);
        var actual = onnx.Predict(input);
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnCount, actual.ColumnCount);
        return (expected - actual).Enumerate().Max(Math.Abs);
    }
}

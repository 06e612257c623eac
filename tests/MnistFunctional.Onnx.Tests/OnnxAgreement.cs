using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Tensors;
using MnistFunctional.Tests;

namespace MnistFunctional.Onnx.Tests;

/// <summary>Exports a network, runs the file with ONNX Runtime and measures how far its probabilities are from <c>Predict</c>'s.</summary>
internal static class OnnxAgreement
{
    public const float Tolerance = 1e-5f;

    /// <summary>
    /// Glorot kernels from <paramref name="seed"/>, biases and BatchNorm's β uniform in [−0.1, 0.1), γ in [0.9, 1.1)
    /// (Initialize's are 0 and 1, which would not test them).
    /// </summary>
    public static TParameters RandomParameters<TParameters, TGradients>(INetwork<TParameters, TGradients> network, int seed)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients> =>
        TParameters.FromArrays([.. network.Initialize(seed).Tensors.Select((tensor, i) => tensor.Name.EndsWith(".kernel", StringComparison.Ordinal)
            ? tensor.Data
            : [.. Small(tensor.Data.Length, seed + 100 + i).Select(v => tensor.Name.EndsWith(".gamma", StringComparison.Ordinal) ? 1 + v : v)])]);

    /// <summary>
    /// A state away from the initial one (BatchNorm's moving mean uniform in [−0.1, 0.1), variance in [0.5, 1.5)), so
    /// the export's moving statistics are tested; the empty state for a network without stateful layers.
    /// </summary>
    public static NetworkState RandomState<TParameters, TGradients>(INetwork<TParameters, TGradients> network, int seed)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        var initial = network.InitialState();
        return initial.IsEmpty ? initial : new([.. initial.Tensors.Select((tensor, i) => tensor with
        {
            Data = [.. Small(tensor.Data.Length, seed + 200 + i).Select(v => tensor.Name.EndsWith(".moving_variance", StringComparison.Ordinal) ? 1 + (5 * v) : v)],
        })]);
    }

    private static IEnumerable<float> Small(int length, int seed) =>
        TestData.Uniform(length, 1, seed).AsColumnMajorArray().Select(v => (v - 0.5f) / 5);

    /// <summary>The largest absolute difference between ONNX Runtime's and Predict's probabilities (inference mode, with <paramref name="state"/>).</summary>
    public static float MaxDifference<TParameters, TGradients>(INetwork<TParameters, TGradients> network, TParameters parameters, Matrix<float> input, NetworkState? state = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        var networkState = state ?? network.InitialState();
        using var onnx = OnnxPredictor.FromBytes(OnnxExport.Encode(network.Name, network.Architecture, parameters, state: networkState));
        var expected = network.Predict(parameters, networkState, input, network.CreateWorkspace(input.ColumnCount));
        var actual = onnx.Predict(input);
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnCount, actual.ColumnCount);
        return (expected - actual).Enumerate().Max(Math.Abs);
    }
}

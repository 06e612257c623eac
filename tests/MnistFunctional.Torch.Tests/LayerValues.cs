using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Backend;
using MnistFunctional.Models;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Torch.Tests;

/// <summary>Every layer's output of a MathNet forward pass as plain arrays, in the order of TorchNetwork.LayerOutputs.</summary>
internal static class LayerValues
{
    public static float[][] Of(MnistCnn.Activations a) =>
        Arrays(a.Input.Values, a.Conv1.Values, a.Pool1.Values, a.Conv2.Values, a.Pool2.Values, a.Conv3.Values, a.Flatten1.Values, a.Dense1.Values, a.Dense2.Values);

    public static float[][] Of(MixedNet.Activations a) =>
        Arrays(a.Input.Values, a.Conv1.Values, a.Conv2.Values, a.Pool1.Values, a.Flatten1.Values, a.Dense1.Values, a.Dense2.Values, a.Dense3.Values);

    public static float[][] Of(PaddingNet.Activations a) =>
        Arrays(a.Input.Values, a.Conv1.Values, a.Pool1.Values, a.Conv2.Values, a.AvgPool1.Values, a.Conv3.Values, a.AvgPool2.Values, a.GlobalAvgPool1.Values, a.Dense1.Values, a.Dense2.Values);

    public static float[][] Of(DropoutNet.Activations a) =>
        Arrays(a.Input.Values, a.Conv1.Values, a.Dropout1.Values, a.Pool1.Values, a.Flatten1.Values, a.Dropout2.Values, a.Dense1.Values, a.Dense2.Values);

    public static float[][] Of(BatchNormNet.Activations a) =>
        Arrays(a.Input.Values, a.Conv1.Values, a.BatchNorm1.Values, a.Pool1.Values, a.Flatten1.Values, a.Dense1.Values, a.BatchNorm2.Values, a.Dropout1.Values, a.Dense2.Values);

    private static float[][] Arrays(params Matrix<float>[] matrices) => [.. matrices.Select(Storage.Of)];
}

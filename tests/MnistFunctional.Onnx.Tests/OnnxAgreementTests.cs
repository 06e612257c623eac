using MnistFunctional.Models;
using MnistFunctional.Tensors;
using MnistFunctional.Tests;
using MnistFunctional.Tests.TestNetworks;
using MnistFunctional.Torch.Tests;

namespace MnistFunctional.Onnx.Tests;

/// <summary>Every network the tests declare, exported with random weights (and BatchNorm's moving statistics) and run by ONNX Runtime, agrees with <c>Predict</c> in inference mode.</summary>
public sealed class OnnxAgreementTests
{
    public static TheoryData<string, int> Networks => new()
    {
        { nameof(MnistCnn), 1 }, { nameof(MnistCnn), 37 },
        { nameof(TinyNet), 1 }, { nameof(TinyNet), 37 },
        { nameof(GradCheckNet), 1 }, { nameof(GradCheckNet), 37 },
        { nameof(WinogradNet), 1 }, { nameof(WinogradNet), 37 },
        { nameof(MixedNet), 1 }, { nameof(MixedNet), 37 },
        { nameof(PaddingNet), 1 }, { nameof(PaddingNet), 37 },
        { nameof(PoolingNet), 1 }, { nameof(PoolingNet), 37 },
        { nameof(DropoutNet), 1 }, { nameof(DropoutNet), 37 },
        { nameof(BatchNormNet), 1 }, { nameof(BatchNormNet), 37 },
        { nameof(BatchNormDropoutNet), 1 }, { nameof(BatchNormDropoutNet), 37 },
        { nameof(ResidualNet), 1 }, { nameof(ResidualNet), 37 },
        { nameof(FlattenResidualNet), 1 }, { nameof(FlattenResidualNet), 37 },
        { nameof(ResidualBatchNormNet), 1 }, { nameof(ResidualBatchNormNet), 37 },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Agrees_with_Predict(string network, int batch)
    {
        var difference = network switch
        {
            nameof(MnistCnn) => Difference(MnistCnn.Network, batch),
            nameof(TinyNet) => Difference(TinyNet.Network, batch),
            nameof(GradCheckNet) => Difference(GradCheckNet.Network, batch),
            nameof(WinogradNet) => Difference(WinogradNet.Network, batch),
            nameof(MixedNet) => Difference(MixedNet.Network, batch),
            nameof(PaddingNet) => Difference(PaddingNet.Network, batch),
            nameof(PoolingNet) => Difference(PoolingNet.Network, batch),
            nameof(DropoutNet) => Difference(DropoutNet.Network, batch),
            nameof(BatchNormNet) => Difference(BatchNormNet.Network, batch),
            nameof(BatchNormDropoutNet) => Difference(BatchNormDropoutNet.Network, batch),
            nameof(ResidualNet) => Difference(ResidualNet.Network, batch),
            nameof(FlattenResidualNet) => Difference(FlattenResidualNet.Network, batch),
            nameof(ResidualBatchNormNet) => Difference(ResidualBatchNormNet.Network, batch),
            _ => throw new ArgumentOutOfRangeException(nameof(network), network, "not a test network"),
        };

        Assert.True(difference <= OnnxAgreement.Tolerance, $"{network} at batch {batch}: ONNX Runtime differs from Predict by {difference}.");
    }

    private static float Difference<TParameters, TGradients>(INetwork<TParameters, TGradients> network, int batch)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        var parameters = OnnxAgreement.RandomParameters(network, seed: 7);
        var features = network.Architecture.Describe()[0].Output.Size;
        return OnnxAgreement.MaxDifference(network, parameters, TestData.Uniform(features, batch, seed: 11 + batch), OnnxAgreement.RandomState(network, seed: 9));
    }
}

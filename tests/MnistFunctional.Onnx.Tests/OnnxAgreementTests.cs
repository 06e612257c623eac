using MnistFunctional.Models;
using MnistFunctional.Tests;
using MnistFunctional.Tests.TestNetworks;
using MnistFunctional.Torch.Tests;

namespace MnistFunctional.Onnx.Tests;

/// <summary>Every network the tests declare, exported with random weights and run by ONNX Runtime, agrees with <c>Predict</c>.</summary>
public sealed class OnnxAgreementTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    public void MnistCnn_agrees(int batch) => Agrees(MnistCnn.Network, batch);

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    public void TinyNet_agrees(int batch) => Agrees(TinyNet.Network, batch);

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    public void GradCheckNet_agrees(int batch) => Agrees(GradCheckNet.Network, batch);

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    public void WinogradNet_agrees(int batch) => Agrees(WinogradNet.Network, batch);

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    public void MixedNet_agrees(int batch) => Agrees(MixedNet.Network, batch);

    private static void Agrees<TParameters, TGradients>(INetwork<TParameters, TGradients> network, int batch)
        where TParameters : Tensors.ITensorSet<TParameters>
        where TGradients : Tensors.ITensorSet<TGradients>
    {
        var parameters = OnnxAgreement.RandomParameters(network, seed: 7);
        var features = network.Architecture.Describe()[0].Output.Size;
        var input = TestData.Uniform(features, batch, seed: 11 + batch);
        var difference = OnnxAgreement.MaxDifference(network, parameters, input);
        Assert.True(difference <= OnnxAgreement.Tolerance, $"{network.Name} at batch {batch}: ONNX Runtime differs from Predict by {difference}.");
    }
}

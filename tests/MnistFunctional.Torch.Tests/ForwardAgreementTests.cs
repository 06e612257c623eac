using MnistFunctional.Tests;
using MnistFunctional.Models;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Torch.Tests;

/// <summary>From the same weights, every layer's output of the TorchSharp network matches the generated MathNet code.</summary>
public class ForwardAgreementTests
{
    [Fact]
    public void Seed_model_layer_outputs_agree()
    {
        var parameters = MnistCnn.Initialize(7);
        var input = TestData.Uniform(784, 16, seed: 1);
        var expected = LayerValues.Of(MnistCnn.Forward(parameters, new MnistCnn.InputBatch(input)));

        using var torchNet = TorchNetwork.Build(MnistCnn.Architecture);
        torchNet.Load(parameters);
        AssertLayersAgree(["Input", "Conv1", "Pool1", "Conv2", "Pool2", "Conv3", "Flatten1", "Dense1", "Dense2"], expected, torchNet.LayerOutputs(input));
    }

    [Fact]
    public void Second_architecture_layer_outputs_agree()
    {
        var parameters = MixedNet.Initialize(11);
        var input = TestData.Uniform(13 * 13 * 2, 9, seed: 2);
        var expected = LayerValues.Of(MixedNet.Forward(parameters, new MixedNet.InputBatch(input)));

        using var torchNet = TorchNetwork.Build(MixedNet.Architecture);
        torchNet.Load(parameters);
        AssertLayersAgree(["Input", "Conv1", "Conv2", "Pool1", "Flatten1", "Dense1", "Dense2", "Dense3"], expected, torchNet.LayerOutputs(input));
    }

    [Fact]
    public void Same_padding_and_pooling_kinds_layer_outputs_agree()
    {
        var parameters = PaddingNet.Initialize(12);
        var input = TestData.Uniform(9 * 9 * 2, 7, seed: 4);
        var expected = LayerValues.Of(PaddingNet.Forward(parameters, new PaddingNet.InputBatch(input)));

        using var torchNet = TorchNetwork.Build(PaddingNet.Architecture);
        torchNet.Load(parameters);
        AssertLayersAgree(["Input", "Conv1", "Pool1", "Conv2", "AvgPool1", "Conv3", "AvgPool2", "GlobalAvgPool1", "Dense1", "Dense2"], expected, torchNet.LayerOutputs(input));
    }

    [Fact]
    public void Predictions_agree_with_the_last_layer()
    {
        var parameters = MixedNet.Initialize(3);
        var input = TestData.Uniform(13 * 13 * 2, 4, seed: 3);
        using var torchNet = TorchNetwork.Build(MixedNet.Architecture);
        torchNet.Load(parameters);

        var expected = MixedNet.Predict(parameters, new MixedNet.InputBatch(input));
        var actual = torchNet.Predict(input);

        Assert.Equal((expected.RowCount, expected.ColumnCount), (actual.RowCount, actual.ColumnCount));
        Assert.InRange(Differences.MaxAbsDiff(expected.AsColumnMajorArray(), actual.AsColumnMajorArray()), 0f, Tolerances.LayerOutput);
    }

    private static void AssertLayersAgree(string[] names, float[][] expected, IReadOnlyList<LayerOutput> actual)
    {
        Assert.Equal(names, actual.Select(output => output.Name));
        var failures = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            Assert.Equal(expected[i].Length, actual[i].Values.Length);
            var difference = Differences.Scaled(expected[i], actual[i].Values);
            if (!(difference <= Tolerances.LayerOutput))
            {
                failures.Add($"{names[i]}: {difference:E2}");
            }
        }

        Assert.True(failures.Count == 0, "Layers beyond tolerance: " + string.Join(", ", failures));
    }
}

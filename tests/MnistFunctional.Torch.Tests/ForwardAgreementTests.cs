using MnistFunctional.Tests;
using MnistFunctional.Backend;
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
    public void Dropout_layer_outputs_agree_in_training_mode_with_the_same_masks_and_in_inference_mode()
    {
        var parameters = DropoutNet.Initialize(14);
        var input = TestData.Uniform(8 * 8, 9, seed: 5);
        var key = new DropoutKey(42, 3, 17, 0);
        var training = LayerValues.Of(DropoutNet.Forward(parameters, new DropoutNet.InputBatch(input), new DropoutNet.Workspace(9), key));
        var inference = LayerValues.Of(DropoutNet.Forward(parameters, new DropoutNet.InputBatch(input)));

        using var torchNet = TorchNetwork.Build(DropoutNet.Architecture);
        torchNet.Load(parameters);
        string[] names = ["Input", "Conv1", "Dropout1", "Pool1", "Flatten1", "Dropout2", "Dense1", "Dense2"];
        var torchTraining = torchNet.LayerOutputs(input, key);
        AssertLayersAgree(names, training, torchTraining);
        AssertLayersAgree(names, inference, torchNet.LayerOutputs(input));
        Assert.Contains(torchTraining[2].Values, value => value == 0f); // masks were applied
    }

    [Fact]
    public void BatchNorm_layer_outputs_agree_by_the_batch_statistics_in_training_mode_and_by_the_moved_state_in_inference_mode()
    {
        var parameters = BatchNormNet.Initialize(16);
        var input = TestData.Uniform(8 * 8, 9, seed: 6);
        var key = new DropoutKey(42, 3, 17, 0);
        var workspace = new BatchNormNet.Workspace(9);
        var training = LayerValues.Of(BatchNormNet.Forward(parameters, BatchNormNet.InitialState(), new BatchNormNet.InputBatch(input), workspace, key));
        var state = BatchNormNet.UpdatedState(BatchNormNet.InitialState(), workspace);
        var inference = LayerValues.Of(BatchNormNet.Forward(parameters, state, new BatchNormNet.InputBatch(input)));

        using var torchNet = TorchNetwork.Build(BatchNormNet.Architecture);
        torchNet.Load(parameters);
        string[] names = ["Input", "Conv1", "BatchNorm1", "Pool1", "Flatten1", "Dense1", "BatchNorm2", "Dropout1", "Dense2"];
        AssertLayersAgree(names, training, torchNet.LayerOutputs(input, key));
        Assert.Equal(BatchNormNet.Network.InitialState(), torchNet.ReadState()); // looking at the layers moves no state
        torchNet.LoadState(new(state.Tensors));
        AssertLayersAgree(names, inference, torchNet.LayerOutputs(input));
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

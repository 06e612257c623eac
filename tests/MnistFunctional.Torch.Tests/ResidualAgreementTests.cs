using MnistFunctional.Backend;
using MnistFunctional.Tests;
using MnistFunctional.Tests.TestNetworks;
using MnistFunctional.Training;

namespace MnistFunctional.Torch.Tests;

/// <summary>
/// Residual connections against TorchSharp (<see cref="ResidualNet"/>: a residual on the input, a twice-read ReLU
/// convolution, a strided block with its projection, nested residuals beside a Dropout, a residual over Dense layers):
/// every layer's output — inner layers and additions — in inference and in training mode with the same masks, the
/// gradients from torch's autograd of the same graph, and the parameters after one Adam step.
/// </summary>
public class ResidualAgreementTests
{
    private const int Batch = 9;
    private static readonly DropoutKey Key = new(11, 2, 5, 0);

    [Fact]
    public void Every_layer_output_agrees_in_inference_and_training_mode()
    {
        var parameters = ResidualNet.Initialize(21);
        var input = TestData.Uniform(ResidualNet.InputBatch.Size, Batch, seed: 22);
        using var torchNet = TorchNetwork.Build(ResidualNet.Architecture);
        torchNet.Load(parameters);

        foreach (var key in new DropoutKey?[] { null, Key })
        {
            var expected = ResidualNet.Network.LayerOutputs(parameters, input, key);
            var actual = torchNet.LayerOutputs(input, key).Skip(1).ToList();

            Assert.Equal(ResidualNet.Architecture.Describe().Skip(1).Select(layer => layer.Name), actual.Select(output => output.Name));
            var failures = expected.Zip(actual)
                .Select(pair => (pair.Second.Name, Difference: Differences.Scaled(Storage.Of(pair.First), pair.Second.Values)))
                .Where(result => !(result.Difference <= Tolerances.LayerOutput))
                .Select(result => $"{result.Name}: {result.Difference:E2}")
                .ToList();
            Assert.True(failures.Count == 0, $"Layers beyond tolerance ({(key is null ? "inference" : "training")} mode): " + string.Join(", ", failures));
        }
    }

    [Fact]
    public void Gradients_agree_through_both_paths_of_every_residual()
    {
        var parameters = ResidualNet.Initialize(23);
        var input = TestData.Uniform(ResidualNet.InputBatch.Size, Batch, seed: 24);
        var labels = TestData.Labels(Batch, ResidualNet.Classes, seed: 24);
        using var torchNet = TorchNetwork.Build(ResidualNet.Architecture);
        torchNet.Load(parameters);

        foreach (var key in new DropoutKey?[] { null, Key })
        {
            var expected = key is { } k
                ? ResidualNet.Network.LossAndGradients(parameters, input, labels, ResidualNet.Network.CreateWorkspace(Batch), k)
                : ResidualNet.Network.LossAndGradients(parameters, input, labels);
            var score = torchNet.Backward(input, labels, key);

            Assert.Equal(expected.Score.Loss, score.Loss, 1e-5f);
            var actual = torchNet.ReadGradients<ResidualNet.Gradients>().Tensors;
            var failures = expected.Gradients.Tensors.Zip(actual)
                .Select(pair => (pair.First.Name, Difference: Differences.Relative(pair.First.Data, pair.Second.Data)))
                .Where(result => !(result.Difference <= Tolerances.Gradient))
                .Select(result => $"{result.Name}: {result.Difference:E2}")
                .ToList();
            Assert.True(failures.Count == 0, "Gradients beyond tolerance: " + string.Join(", ", failures));
        }
    }

    [Fact]
    public void Parameters_agree_after_one_Adam_step_in_training_mode()
    {
        var parameters = ResidualNet.Initialize(25);
        var input = TestData.Uniform(ResidualNet.InputBatch.Size, Batch, seed: 26);
        var labels = TestData.Labels(Batch, ResidualNet.Classes, seed: 26);
        var gradients = ResidualNet.Network.LossAndGradients(parameters, input, labels, ResidualNet.Network.CreateWorkspace(Batch), Key).Gradients;
        var (expected, _) = Adam.Step(AdamOptions.Keras, parameters, gradients, AdamState.Initial(parameters.Tensors.Select(t => t.Data.Length)));

        using var torchNet = TorchNetwork.Build(ResidualNet.Architecture);
        torchNet.Load(parameters);
        using var trainer = new TorchTrainer(torchNet, AdamOptions.Keras);
        trainer.Step(input, labels, Key);
        var actual = torchNet.ReadParameters<ResidualNet.Parameters>();

        var failures = expected.Tensors.Zip(actual.Tensors)
            .Select(pair => (pair.First.Name, Difference: Differences.MaxAbsDiff(pair.First.Data, pair.Second.Data)))
            .Where(result => !(result.Difference <= Tolerances.AfterOneStep))
            .Select(result => $"{result.Name}: {result.Difference:E2}")
            .ToList();
        Assert.True(failures.Count == 0, "Parameters beyond tolerance: " + string.Join(", ", failures));
    }
}

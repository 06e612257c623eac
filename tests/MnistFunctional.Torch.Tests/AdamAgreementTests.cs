using MnistFunctional.Tests;
using MnistFunctional.Models;
using MnistFunctional.Tensors;
using MnistFunctional.Training;

namespace MnistFunctional.Torch.Tests;

/// <summary>torch.optim.Adam with Keras's defaults takes the same step as our pure Adam.</summary>
public class AdamAgreementTests
{
    [Fact]
    public void Parameters_after_one_Adam_step_agree()
    {
        var parameters = MnistCnn.Initialize(9);
        var input = TestData.Uniform(784, 32, seed: 7);
        var labels = TestData.Labels(32, 10, seed: 7);
        var gradients = MnistCnn.Network.LossAndGradients(parameters, input, labels).Gradients;
        var (expected, _) = Adam.Step(AdamOptions.Keras, parameters, gradients, AdamState.Initial(parameters.Tensors.Select(t => t.Data.Length)));

        using var torchNet = TorchNetwork.Build(MnistCnn.Architecture);
        torchNet.Load(parameters);
        using var trainer = new TorchTrainer(torchNet, AdamOptions.Keras);
        trainer.Step(input, labels);
        AssertParametersAgree(expected.Tensors, torchNet.ReadParameters<MnistCnn.Parameters>().Tensors);
    }

    /// <summary>Every tensor within <see cref="Tolerances.AfterOneStep"/>, absolute; the message lists those beyond.</summary>
    internal static void AssertParametersAgree(IReadOnlyList<NamedTensor> expected, IReadOnlyList<NamedTensor> actual)
    {
        var failures = expected.Zip(actual)
            .Select(pair => (pair.First.Name, Difference: Differences.MaxAbsDiff(pair.First.Data, pair.Second.Data)))
            .Where(result => !(result.Difference <= Tolerances.AfterOneStep))
            .Select(result => $"{result.Name}: {result.Difference:E2}")
            .ToList();
        Assert.True(failures.Count == 0, "Parameters beyond tolerance: " + string.Join(", ", failures));
    }

    [Fact]
    public void Torch_Adam_uses_the_Keras_epsilon()
    {
        // Inputs of 1e-6 make the Conv1 kernel's gradients about as small as ε, where the step lr · g / (|g| + ε)
        // depends on ε: with torch's default ε = 1e-8 instead of Keras's 1e-7 they would move several times further.
        // (ReLU and zero biases keep every layer's output proportional to the input, so max-pool windows have no
        // near-ties that rounding could route differently; sigmoid's outputs near 0.5 would have them.)
        var parameters = MnistCnn.Initialize(1);
        var input = TestData.Uniform(784, 8, seed: 8).Multiply(1e-6f);
        var labels = TestData.Labels(8, 10, seed: 8);
        var gradients = MnistCnn.Network.LossAndGradients(parameters, input, labels).Gradients;
        var initial = AdamState.Initial(parameters.Tensors.Select(t => t.Data.Length));
        var keras = Adam.Step(AdamOptions.Keras, parameters, gradients, initial).Parameters.Tensors[0].Data;
        var torchDefault = Adam.Step(AdamOptions.Keras with { Epsilon = 1e-8f }, parameters, gradients, initial).Parameters.Tensors[0].Data;
        Assert.True(Differences.MaxAbsDiff(keras, torchDefault) > 10 * Tolerances.AfterOneStep, "the scenario must be sensitive to ε");

        using var torchNet = TorchNetwork.Build(MnistCnn.Architecture);
        torchNet.Load(parameters);
        using var trainer = new TorchTrainer(torchNet, AdamOptions.Keras);
        trainer.Step(input, labels);
        var actual = torchNet.ReadParameters<MnistCnn.Parameters>().Tensors[0].Data;

        Assert.InRange(Differences.MaxAbsDiff(keras, actual), 0f, Tolerances.AfterOneStep);
    }
}

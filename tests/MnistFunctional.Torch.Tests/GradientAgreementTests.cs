using MnistFunctional.Tests;
using MnistFunctional.Backend;
using MnistFunctional.Models;
using MnistFunctional.Tests.TestNetworks;
using MnistFunctional.Tensors;

namespace MnistFunctional.Torch.Tests;

/// <summary>torch's autograd gradients match the generated, hand-derived Backward, tensor by tensor.</summary>
public class GradientAgreementTests
{
    [Fact]
    public void Seed_model_gradients_agree()
    {
        var parameters = MnistCnn.Initialize(5);
        var input = TestData.Uniform(784, 16, seed: 4);
        var labels = TestData.Labels(16, 10, seed: 4);
        var expected = MnistCnn.Network.LossAndGradients(parameters, input, labels);

        using var torchNet = TorchNetwork.Build(MnistCnn.Architecture);
        torchNet.Load(parameters);
        var score = torchNet.Backward(input, labels);

        Assert.Equal(expected.Score.Loss, score.Loss, 1e-5f);
        Assert.Equal(expected.Score.Predicted, score.Predicted);
        AssertGradientsAgree(expected.Gradients.Tensors, torchNet.ReadGradients<MnistCnn.Gradients>().Tensors);
    }

    [Fact]
    public void Second_architecture_gradients_agree()
    {
        var parameters = MixedNet.Initialize(6);
        var input = TestData.Uniform(13 * 13 * 2, 9, seed: 5);
        var labels = TestData.Labels(9, 5, seed: 5);
        var expected = MixedNet.Network.LossAndGradients(parameters, input, labels);

        using var torchNet = TorchNetwork.Build(MixedNet.Architecture);
        torchNet.Load(parameters);
        var score = torchNet.Backward(input, labels);

        Assert.Equal(expected.Score.Loss, score.Loss, 1e-5f);
        AssertGradientsAgree(expected.Gradients.Tensors, torchNet.ReadGradients<MixedNet.Gradients>().Tensors);
    }

    [Fact]
    public void Same_padding_and_pooling_kinds_gradients_agree()
    {
        var parameters = PaddingNet.Initialize(13);
        var input = TestData.Uniform(9 * 9 * 2, 7, seed: 6);
        var labels = TestData.Labels(7, 3, seed: 6);
        var expected = PaddingNet.Network.LossAndGradients(parameters, input, labels);

        using var torchNet = TorchNetwork.Build(PaddingNet.Architecture);
        torchNet.Load(parameters);
        var score = torchNet.Backward(input, labels);

        Assert.Equal(expected.Score.Loss, score.Loss, 1e-5f);
        AssertGradientsAgree(expected.Gradients.Tensors, torchNet.ReadGradients<PaddingNet.Gradients>().Tensors);
    }

    [Fact]
    public void Dropout_gradients_agree_with_the_same_masks()
    {
        var parameters = DropoutNet.Initialize(15);
        var input = TestData.Uniform(8 * 8, 9, seed: 7);
        var labels = TestData.Labels(9, 3, seed: 7);
        var key = new DropoutKey(7, 1, 4, 0);
        var expected = DropoutNet.Network.LossAndGradients(parameters, input, labels, new DropoutNet.Workspace(9), key);

        using var torchNet = TorchNetwork.Build(DropoutNet.Architecture);
        torchNet.Load(parameters);
        var score = torchNet.Backward(input, labels, key);

        Assert.Equal(expected.Score.Loss, score.Loss, 1e-5f);
        AssertGradientsAgree(expected.Gradients.Tensors, torchNet.ReadGradients<DropoutNet.Gradients>().Tensors);
        var withoutMasks = DropoutNet.Network.LossAndGradients(parameters, input, labels).Score.Loss;
        Assert.NotEqual(withoutMasks, score.Loss); // the masks changed the loss: torch applied them
    }

    [Fact]
    public void BatchNorm_gradients_through_the_batch_statistics_and_the_moved_state_agree()
    {
        var parameters = BatchNormNet.Initialize(17);
        var input = TestData.Uniform(8 * 8, 9, seed: 8);
        var labels = TestData.Labels(9, 3, seed: 8);
        var key = new DropoutKey(7, 1, 4, 0);
        var state = BatchNormNet.Network.InitialState();
        var expected = BatchNormNet.Network.LossAndGradients(parameters, state, input, labels, new BatchNormNet.Workspace(9), key);

        using var torchNet = TorchNetwork.Build(BatchNormNet.Architecture);
        torchNet.Load(parameters);
        torchNet.LoadState(state);
        var score = torchNet.Backward(input, labels, key);

        Assert.Equal(expected.Score.Loss, score.Loss, 1e-5f);
        AssertGradientsAgree(expected.Gradients.Tensors, torchNet.ReadGradients<BatchNormNet.Gradients>().Tensors);
        var moved = torchNet.ReadState();
        Assert.Equal(expected.State.Tensors.Select(t => t.Name), moved.Tensors.Select(t => t.Name));
        Assert.All(expected.State.Tensors.Zip(moved.Tensors), pair => Assert.InRange(Differences.MaxAbsDiff(pair.First.Data, pair.Second.Data), 0f, 1e-6f));
        Assert.NotEqual(state, moved);
    }

    [Fact]
    public void A_second_backward_replaces_the_gradients_instead_of_adding_to_them()
    {
        var parameters = MixedNet.Initialize(8);
        var input = TestData.Uniform(13 * 13 * 2, 3, seed: 6);
        var labels = TestData.Labels(3, 5, seed: 6);
        using var torchNet = TorchNetwork.Build(MixedNet.Architecture);
        torchNet.Load(parameters);

        torchNet.Backward(input, labels);
        var first = torchNet.ReadGradients<MixedNet.Gradients>().Tensors;
        torchNet.Backward(input, labels);
        var second = torchNet.ReadGradients<MixedNet.Gradients>().Tensors;

        Assert.All(first.Zip(second), pair => Assert.Equal(pair.First.Data, pair.Second.Data));
    }

    internal static void AssertGradientsAgree(IReadOnlyList<NamedTensor> expected, IReadOnlyList<NamedTensor> actual)
    {
        Assert.Equal(expected.Select(t => (t.Name, string.Join(",", t.Shape))), actual.Select(t => (t.Name, string.Join(",", t.Shape))));
        var failures = expected.Zip(actual)
            .Select(pair => (pair.First.Name, Difference: Differences.Relative(pair.First.Data, pair.Second.Data)))
            .Where(result => !(result.Difference <= Tolerances.Gradient))
            .Select(result => $"{result.Name}: {result.Difference:E2}")
            .ToList();
        Assert.True(failures.Count == 0, "Gradients beyond tolerance: " + string.Join(", ", failures));
    }
}

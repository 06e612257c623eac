using MnistFunctional.Backend;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Tests.Backend;

/// <summary>Dropout in generated networks: training mode keyed by (seed, epoch, batch, layer), inference mode the identity.</summary>
public class DropoutNetworkTests
{
    private const int Batch = 11;
    private static readonly DropoutKey Key = new(42, 3, 17, 0);

    [Fact]
    public void Training_mode_masks_depend_on_the_key_only_not_on_the_slicing()
    {
        var parameters = DropoutNet.Initialize(1);
        var input = new DropoutNet.InputBatch(TestData.Uniform(DropoutNet.InputBatch.Size, Batch, 2));

        var one = Copy(DropoutNet.Forward(parameters, input, new DropoutNet.Workspace(Batch, 1), Key).Dropout1.Values);
        var three = Copy(DropoutNet.Forward(parameters, input, new DropoutNet.Workspace(Batch, 3), Key).Dropout1.Values);
        var other = Copy(DropoutNet.Forward(parameters, input, new DropoutNet.Workspace(Batch, 1), Key with { Batch = 18 }).Dropout1.Values);

        Assert.Equal(one, three);
        Assert.NotEqual(one, other);
        var conv = Copy(DropoutNet.Forward(parameters, input, new DropoutNet.Workspace(Batch)).Conv1.Values);
        var dropped = one.Where(value => value == 0).Count();
        Assert.InRange(dropped, one.Length / 8, one.Length * 3 / 8); // rate 0.25
        Assert.All(one.Zip(conv), pair => Assert.True(pair.First == 0 || Math.Abs(pair.First - (pair.Second / 0.75f)) <= 1e-6f));
    }

    [Fact]
    public void Inference_mode_is_the_identity_and_Predict_agrees_with_it()
    {
        var parameters = DropoutNet.Initialize(3);
        var input = new DropoutNet.InputBatch(TestData.Uniform(DropoutNet.InputBatch.Size, Batch, 4));

        var forward = DropoutNet.Forward(parameters, input);

        Assert.Equal(Storage.Of(forward.Conv1.Values), Storage.Of(forward.Dropout1.Values));
        Assert.Equal(Storage.Of(forward.Flatten1.Values), Storage.Of(forward.Dropout2.Values));
        Assert.Equal(Storage.Of(forward.Dense2.Values), Storage.Of(DropoutNet.Predict(parameters, input)));
    }

    [Fact]
    public void Training_mode_gradients_match_finite_differences_of_the_same_masks()
    {
        var input = new DropoutNet.InputBatch(TestData.Uniform(DropoutNet.InputBatch.Size, 4, 5));
        var labels = TestData.Labels(4, DropoutNet.Classes, 6);
        var parameters = DropoutNet.Initialize(7);
        float Loss(DropoutNet.Parameters p) => DropoutNet.Loss(DropoutNet.Forward(p, input, new DropoutNet.Workspace(4), Key), labels);

        var workspace = new DropoutNet.Workspace(4);
        var gradients = DropoutNet.Backward(parameters, DropoutNet.Forward(parameters, input, workspace, Key), labels, workspace, Key);

        GradientCheckTests.AssertMatchesFiniteDifferences(parameters, gradients, Loss, samplesPerTensor: 40);
    }

    [Fact]
    public void The_network_value_trains_with_the_key_and_without_it_runs_Dropout_as_the_identity()
    {
        var parameters = DropoutNet.Initialize(8);
        var input = TestData.Uniform(DropoutNet.InputBatch.Size, Batch, 9);
        var labels = TestData.Labels(Batch, DropoutNet.Classes, 10);

        var keyed = DropoutNet.Network.LossAndGradients(parameters, input, labels, DropoutNet.Network.CreateWorkspace(Batch), Key);
        var again = DropoutNet.Network.LossAndGradients(parameters, input, labels, DropoutNet.Network.CreateWorkspace(Batch), Key);
        var plain = DropoutNet.Network.LossAndGradients(parameters, input, labels);

        Assert.Equal(keyed.Score.Loss, again.Score.Loss);
        Assert.NotEqual(keyed.Score.Loss, plain.Score.Loss);
        Assert.Equal(plain.Score.Loss, DropoutNet.Network.Score(parameters, input, labels).Loss);
    }

    [Fact]
    public void Layer_outputs_of_the_network_value_follow_the_mode()
    {
        var parameters = DropoutNet.Initialize(11);
        var input = new DropoutNet.InputBatch(TestData.Uniform(DropoutNet.InputBatch.Size, Batch, 12));

        var training = DropoutNet.Network.LayerOutputs(parameters, input.Values, Key);
        var inference = DropoutNet.Network.LayerOutputs(parameters, input.Values);

        Assert.Equal(DropoutNet.Architecture.Layers.Length - 1, training.Count);
        Assert.Equal(Copy(DropoutNet.Forward(parameters, input, new DropoutNet.Workspace(Batch), Key).Dropout1.Values), Storage.Of(training[1]));
        Assert.Equal(Storage.Of(inference[0]), Storage.Of(inference[1]));
    }

    private static float[] Copy(MathNet.Numerics.LinearAlgebra.Matrix<float> values) => (float[])Storage.Of(values).Clone();
}

using MnistFunctional.Backend;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// BatchNorm inside residual blocks (<see cref="ResidualBatchNormNet"/>): BatchNorm runs on the whole batch between the
/// training path's segments, so a residual's input and its gradient branches cross segment borders.
/// </summary>
public class ResidualBatchNormTests
{
    private static readonly DropoutKey Key = new(3, 0, 4, 0);

    [Fact]
    public void Training_mode_gradients_match_finite_differences_across_the_segments()
    {
        var input = new ResidualBatchNormNet.InputBatch(TestData.Uniform(ResidualBatchNormNet.InputBatch.Size, 6, 1));
        var labels = TestData.Labels(6, ResidualBatchNormNet.Classes, 2);
        var parameters = ResidualBatchNormNet.Initialize(3);
        float Loss(ResidualBatchNormNet.Parameters p) =>
            ResidualBatchNormNet.Loss(ResidualBatchNormNet.Forward(p, ResidualBatchNormNet.InitialState(), input, new ResidualBatchNormNet.Workspace(6), Key), labels);

        var workspace = new ResidualBatchNormNet.Workspace(6);
        var activations = ResidualBatchNormNet.Forward(parameters, ResidualBatchNormNet.InitialState(), input, workspace, Key);
        var gradients = ResidualBatchNormNet.Backward(parameters, activations, labels, workspace, Key);

        GradientCheckTests.AssertMatchesFiniteDifferences(parameters, gradients, Loss, samplesPerTensor: 40);
    }

    [Fact]
    public void Inference_mode_Predict_agrees_with_Forward_under_a_trained_state()
    {
        var parameters = ResidualBatchNormNet.Initialize(4);
        var input = new ResidualBatchNormNet.InputBatch(TestData.Uniform(ResidualBatchNormNet.InputBatch.Size, 9, 5));
        var workspace = new ResidualBatchNormNet.Workspace(9);
        ResidualBatchNormNet.Forward(parameters, ResidualBatchNormNet.InitialState(), new(TestData.Uniform(ResidualBatchNormNet.InputBatch.Size, 9, 6)), workspace, Key);
        var state = ResidualBatchNormNet.UpdatedState(ResidualBatchNormNet.InitialState(), workspace);

        var forward = ResidualBatchNormNet.Forward(parameters, state, input);
        var predicted = Storage.Of(ResidualBatchNormNet.Predict(parameters, state, input));

        Assert.All(Storage.Of(forward.Dense1.Values).Zip(predicted), pair => Assert.Equal(pair.First, pair.Second, 1e-6));
        var add3 = Storage.Of(forward.Add3.Values);
        var (conv, shortcut) = (Storage.Of(forward.Conv6.Values), Storage.Of(forward.Add2.Values));
        Assert.All(Enumerable.Range(0, add3.Length), i => Assert.Equal(conv[i] + shortcut[i], add3[i], 1e-6));
    }
}

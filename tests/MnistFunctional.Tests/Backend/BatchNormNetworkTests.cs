using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Backend;
using MnistFunctional.Data;
using MnistFunctional.Serialization;
using MnistFunctional.Tensors;
using MnistFunctional.Tests.TestNetworks;
using MnistFunctional.Tests.Training;
using MnistFunctional.Training;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// BatchNorm in generated networks (BatchNormNet: per channel after a convolution, per unit after a Dense layer with its
/// own momentum and epsilon): training mode by the whole batch's statistics, the moving statistics as State moved by
/// them, inference mode and Predict by the state; the state in model files and checkpoints.
/// </summary>
public class BatchNormNetworkTests
{
    private const int Batch = 11;
    private static readonly DropoutKey Key = new(42, 3, 17, 0);

    [Fact]
    public void Training_mode_normalises_each_channel_by_the_batch_statistics_whatever_the_slicing()
    {
        var parameters = BatchNormNet.Initialize(1);
        var input = Input(Batch, 2);

        var one = BatchNormNet.Forward(parameters, BatchNormNet.InitialState(), input, new BatchNormNet.Workspace(Batch, 1), Key);
        var conv = Copy(one.Conv1.Values);
        var normalised = Copy(one.BatchNorm1.Values);
        var three = Copy(BatchNormNet.Forward(parameters, BatchNormNet.InitialState(), input, new BatchNormNet.Workspace(Batch, 3), Key).BatchNorm1.Values);

        Assert.Equal(normalised, three);
        var (mean, variance) = Moments(conv, channels: 4);
        for (var i = 0; i < conv.Length; i++)
        {
            var c = i % 4;
            Assert.Equal((conv[i] - mean[c]) / Math.Sqrt(variance[c] + 1e-3), normalised[i], 1e-5);
        }
    }

    [Fact]
    public void UpdatedState_moves_the_moving_statistics_by_the_batch_mean_and_biased_variance_with_each_layers_momentum()
    {
        var parameters = BatchNormNet.Initialize(2);
        var workspace = new BatchNormNet.Workspace(Batch);
        var activations = BatchNormNet.Forward(parameters, BatchNormNet.InitialState(), Input(Batch, 3), workspace, Key);
        var (mean1, variance1) = Moments(Copy(activations.Conv1.Values), channels: 4);
        var (mean2, variance2) = Moments(Copy(activations.Dense1.Values), channels: 6);

        var initial = BatchNormNet.InitialState();
        var state = BatchNormNet.UpdatedState(initial, workspace);

        AssertClose(mean1.Select(m => m * 0.01), state.BatchNorm1.MovingMean);
        AssertClose(variance1.Select(v => 0.99 + (v * 0.01)), state.BatchNorm1.MovingVariance);
        AssertClose(mean2.Select(m => m * 0.1), state.BatchNorm2.MovingMean); // BatchNorm(0.9, 1e-5)
        AssertClose(variance2.Select(v => 0.9 + (v * 0.1)), state.BatchNorm2.MovingVariance);
        Assert.Equal(new float[4], Storage.Of(initial.BatchNorm1.MovingMean)); // the old state is a value: unchanged
    }

    [Fact]
    public void UpdatedState_and_Backward_refuse_a_workspace_whose_last_Forward_ran_in_inference_mode()
    {
        var parameters = BatchNormNet.Initialize(3);
        var workspace = new BatchNormNet.Workspace(Batch);
        var activations = BatchNormNet.Forward(parameters, BatchNormNet.InitialState(), Input(Batch, 4), workspace);

        Assert.Throws<InvalidOperationException>(() => BatchNormNet.UpdatedState(BatchNormNet.InitialState(), workspace));
        Assert.Throws<InvalidOperationException>(() => BatchNormNet.Backward(parameters, activations, Labels(Batch, 5), workspace, Key));
    }

    [Fact]
    public void Inference_mode_normalises_by_the_state_and_Predict_agrees_with_it()
    {
        var parameters = BatchNormNet.Initialize(4);
        var input = Input(Batch, 6);
        var workspace = new BatchNormNet.Workspace(Batch);
        BatchNormNet.Forward(parameters, BatchNormNet.InitialState(), Input(Batch, 7), workspace, Key);
        var state = BatchNormNet.UpdatedState(BatchNormNet.InitialState(), workspace);

        var forward = BatchNormNet.Forward(parameters, state, input);
        var conv = Copy(forward.Conv1.Values);
        var normalised = Copy(forward.BatchNorm1.Values);
        var mean = Storage.Of(state.BatchNorm1.MovingMean);
        var variance = Storage.Of(state.BatchNorm1.MovingVariance);
        for (var i = 0; i < conv.Length; i++)
        {
            Assert.Equal((conv[i] - mean[i % 4]) / Math.Sqrt(variance[i % 4] + 1e-3), normalised[i], 1e-5);
        }

        var predicted = Storage.Of(BatchNormNet.Predict(parameters, state, input));
        Assert.All(Storage.Of(forward.Dense2.Values).Zip(predicted), pair => Assert.Equal(pair.First, pair.Second, 1e-6));
        Assert.Equal(Copy(BatchNormNet.BatchNorm1Forward(parameters, state, BatchNormNet.Conv1Forward(parameters, input)).Values), normalised);
    }

    [Fact]
    public void Training_mode_gradients_match_finite_differences_through_the_batch_statistics()
    {
        var input = Input(6, 8);
        var labels = Labels(6, 9);
        var parameters = Perturbed(BatchNormNet.Initialize(10));
        float Loss(BatchNormNet.Parameters p) =>
            BatchNormNet.Loss(BatchNormNet.Forward(p, BatchNormNet.InitialState(), input, new BatchNormNet.Workspace(6), Key), labels);

        var workspace = new BatchNormNet.Workspace(6);
        var gradients = BatchNormNet.Backward(parameters, BatchNormNet.Forward(parameters, BatchNormNet.InitialState(), input, workspace, Key), labels, workspace, Key);

        GradientCheckTests.AssertMatchesFiniteDifferences(parameters, gradients, Loss, samplesPerTensor: 40);
    }

    [Fact]
    public void The_network_value_returns_the_next_state_and_refuses_gradients_without_a_key()
    {
        var network = BatchNormNet.Network;
        var parameters = BatchNormNet.Initialize(11);
        var input = Input(Batch, 12).Values;
        var labels = Labels(Batch, 13);

        var initial = network.InitialState();
        var step = network.LossAndGradients(parameters, initial, input, labels, network.CreateWorkspace(Batch), Key);

        Assert.Equal(["BatchNorm1.moving_mean", "BatchNorm1.moving_variance", "BatchNorm2.moving_mean", "BatchNorm2.moving_variance"], initial.Tensors.Select(t => t.Name));
        Assert.Equal(ParameterLayout.StateOf(BatchNormNet.Architecture).Select(spec => spec.Name), step.State.Tensors.Select(t => t.Name));
        Assert.NotEqual(initial, step.State);
        Assert.Throws<NotSupportedException>(() => network.LossAndGradients(parameters, input, labels));
        var moved = new BatchNormNet.Workspace(Batch);
        BatchNormNet.Forward(parameters, BatchNormNet.InitialState(), Input(Batch, 12), moved, Key);
        Assert.Equal(new NetworkState(BatchNormNet.UpdatedState(BatchNormNet.InitialState(), moved).Tensors), step.State);
        var scored = network.Score(parameters, step.State, input, labels, network.CreateWorkspace(Batch));
        Assert.NotEqual(network.Score(parameters, input, labels).Loss, scored.Loss);
    }

    [Fact]
    public void A_model_file_holds_the_state_beside_the_parameters_and_gives_both_back()
    {
        var parameters = BatchNormNet.Initialize(14);
        var state = BatchNormNet.Network.LossAndGradients(parameters, BatchNormNet.Network.InitialState(), Input(Batch, 15).Values, Labels(Batch, 16), BatchNormNet.Network.CreateWorkspace(Batch), Key).State;

        var file = ModelFile.Encode(nameof(BatchNormNet), BatchNormNet.Architecture, parameters, state: state);
        var loaded = ModelFile.Decode<BatchNormNet.Parameters>(file, BatchNormNet.Architecture, "bn.safetensors");

        Assert.Equal(state, loaded.State);
        Assert.Equal(ModelFile.Encode(nameof(BatchNormNet), BatchNormNet.Architecture, loaded.Parameters, state: loaded.State), file);
        Assert.Contains(loaded.Info.Tensors, spec => spec.Name == "BatchNorm2.moving_variance");
        var missing = Assert.Throws<ArgumentException>(() => ModelFile.Encode(nameof(BatchNormNet), BatchNormNet.Architecture, parameters));
        Assert.Contains("BatchNorm1.moving_mean", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_moves_the_state_and_a_resumed_run_ends_with_the_state_and_weights_of_an_uninterrupted_one()
    {
        var options = new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 3, ValidationSplit = 0.25 };
        var (train, validation) = Trainer.SplitValidation(Synthetic(96, 17), options.ValidationSplit);
        var network = BatchNormNet.Network;
        var uninterrupted = Trainer.Fit(network, Trainer.Start(network, options), train, validation, options, new FrozenClock());

        using var stop = new CancellationTokenSource();
        var interrupted = Trainer.Fit(network, Trainer.Start(network, options), train, validation, options, new FrozenClock(), new CancelAfter(3, stop), stop: stop.Token);
        var checkpoint = CheckpointFile.Encode(network, interrupted, options);
        var resumed = Trainer.Fit(network, CheckpointFile.Decode(checkpoint, network, options, "checkpoint"), train, validation, options, new FrozenClock());

        Assert.NotEqual(network.InitialState(), uninterrupted.State);
        Assert.Equal(uninterrupted.History.ToArray(), resumed.History.ToArray());
        Assert.Equal(
            ModelFile.Encode(nameof(BatchNormNet), BatchNormNet.Architecture, uninterrupted.Parameters, state: uninterrupted.State),
            ModelFile.Encode(nameof(BatchNormNet), BatchNormNet.Architecture, resumed.Parameters, state: resumed.State));
    }

    private static BatchNormNet.InputBatch Input(int batch, int seed) => new(TestData.Uniform(BatchNormNet.InputBatch.Size, batch, seed));

    private static int[] Labels(int batch, int seed) => TestData.Labels(batch, BatchNormNet.Classes, seed);

    /// <summary>γ away from 1 and β away from 0, so their gradients are checked off Keras's initial values.</summary>
    private static BatchNormNet.Parameters Perturbed(BatchNormNet.Parameters parameters)
    {
        foreach (var (gamma, beta, seed) in new[] { (parameters.BatchNorm1.Gamma, parameters.BatchNorm1.Beta, 30), (parameters.BatchNorm2.Gamma, parameters.BatchNorm2.Beta, 31) })
        {
            var noise = Storage.Of(TestData.Uniform(2, gamma.Count, seed));
            for (var i = 0; i < gamma.Count; i++)
            {
                gamma[i] = 0.5f + noise[2 * i];
                beta[i] = noise[(2 * i) + 1] - 0.5f;
            }
        }

        return parameters;
    }

    private static Dataset Synthetic(int count, int seed) =>
        new(Storage.Of(TestData.Uniform(BatchNormNet.InputBatch.Size, count, seed)), TestData.Labels(count, BatchNormNet.Classes, seed + 1), 8, 8, 1);

    /// <summary>Each channel's mean and biased variance over all examples and positions (a plain double-precision reference).</summary>
    private static (double[] Mean, double[] Variance) Moments(float[] values, int channels)
    {
        var mean = new double[channels];
        var variance = new double[channels];
        var rows = values.Length / channels;
        for (var i = 0; i < values.Length; i++)
        {
            mean[i % channels] += values[i] / (double)rows;
        }

        for (var i = 0; i < values.Length; i++)
        {
            var d = values[i] - mean[i % channels];
            variance[i % channels] += d * d / rows;
        }

        return (mean, variance);
    }

    private static void AssertClose(IEnumerable<double> expected, Vector<float> actual) =>
        Assert.All(expected.Zip(Storage.Of(actual)), pair => Assert.Equal(pair.First, pair.Second, 1e-5));

    private static float[] Copy(Matrix<float> values) => (float[])Storage.Of(values).Clone();
}

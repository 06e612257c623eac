using System.Collections.Immutable;
using System.Diagnostics;
using Digits.Bench;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional;
using MnistFunctional.Backend;
using MnistFunctional.Data;
using MnistFunctional.Dsl;
using MnistFunctional.Models;
using MnistFunctional.Tensors;
using MnistFunctional.Torch;
using MnistFunctional.Torch.Native;
using MnistFunctional.Training;

namespace Digits.Commands;

/// <summary>
/// Runs a network (the seed model by default) on both backends from the same initial weights and the same batch (the first training
/// images): every layer's output, every gradient, the weights after one and after many Adam steps on that
/// batch, and the training speed of each, in alternating rounds so both see the same machine load.
/// </summary>
internal static class BackendComparison
{
    public const int BatchSize = 32;
    public const int ManySteps = 100;
    private const int SpeedRounds = 4;
    private const int WarmUpSteps = 3;

    /// <summary>
    /// Compares <paramref name="network"/> in training mode: every Dropout mask from the key (seed, 0, step, 0) on both
    /// sides, BatchNorm by the batch's statistics, each side moving its own state (each side's gradients also against torch
    /// in float64 on that side's ReLU kinks, see <c>ReferenceGradients</c>); then in inference mode after the first
    /// step (BatchNorm by each side's moved state). The speed is measured for the seed model only (the bench targets are
    /// the seed model's).
    /// </summary>
    public static ComparisonReport Run<TParameters, TGradients>(INetwork<TParameters, TGradients> network, Dataset train, int seed, int speedSteps)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        var loading = TorchSharpLoader.EnsureLoaded();
        var initial = network.Initialize(seed);
        var (input, labels) = Batches.Range(train, 0, BatchSize);
        DropoutKey Noise(int step) => new(seed, 0, step, 0);

        var state = network.InitialState();
        using var torchNet = TorchNetwork.Build(network.Architecture);
        torchNet.Load(initial);
        torchNet.LoadState(state);

        using var referenceNet = TorchNetwork.Build(network.Architecture, TorchSharp.torch.ScalarType.Float64);
        referenceNet.Load(initial);
        referenceNet.LoadState(state);

        var ours = network.LayerOutputs(initial, state, input, Noise(0)).Select(Storage.Of).ToList();
        var torchLayers = torchNet.LayerOutputs(input, Noise(0)).Skip(1).ToList();
        var referenceLayers = Values(referenceNet.LayerOutputs(input, Noise(0)).Skip(1));
        var layers = LayerDifferences(ours, torchLayers, referenceLayers);

        var step = network.LossAndGradients(initial, state, input, labels, network.CreateWorkspace(BatchSize), Noise(0));
        var torchScore = torchNet.Backward(input, labels, Noise(0));
        var theirs = torchNet.ReadGradients<TGradients>().Tensors;
        var forMathNet = ReferencePass<TGradients>(referenceNet, state, input, labels, Noise(0), referenceLayers, ours);
        var forTorch = ReferencePass<TGradients>(referenceNet, state, input, labels, Noise(0), referenceLayers, Values(torchLayers));
        var oursError = Differences.LayerScaled(forMathNet.Gradients, step.Gradients.Tensors);
        var torchError = Differences.LayerScaled(forTorch.Gradients, theirs);
        var gradients = step.Gradients.Tensors.Select((g, i) => new GradientDifference(
                g.Name, Differences.MaxAbsDiff(g.Data, theirs[i].Data), Differences.Relative(g.Data, theirs[i].Data), oursError[i], torchError[i]))
            .ToImmutableArray();
        var stateAfterOne = StateDifference(step.State, torchNet.ReadState());
        var inference = network.LayerOutputs(initial, step.State, input).Select(Storage.Of).ToList();
        referenceNet.LoadState(step.State);
        var inferenceLayers = LayerDifferences(inference, torchNet.LayerOutputs(input).Skip(1).ToList(), Values(referenceNet.LayerOutputs(input).Skip(1)));
        torchNet.LoadState(state); // the many steps below start from the initial state on both sides

        using var trainer = new TorchTrainer(torchNet, AdamOptions.Keras);
        var parameters = initial;
        var adam = AdamState.Initial(initial.Tensors.Select(t => t.Data.Length));
        var afterOne = 0f;
        for (var i = 1; i <= ManySteps; i++)
        {
            var next = network.LossAndGradients(parameters, state, input, labels, network.CreateWorkspace(BatchSize), Noise(i));
            (parameters, adam) = Adam.Step(AdamOptions.Keras, parameters, next.Gradients, adam);
            state = next.State;
            trainer.Step(input, labels, Noise(i));
            if (i == 1)
            {
                afterOne = ParameterDifference(parameters, torchNet.ReadParameters<TParameters>());
            }
        }

        var afterMany = ParameterDifference(parameters, torchNet.ReadParameters<TParameters>());
        var stateAfterMany = StateDifference(state, torchNet.ReadState());
        var speed = network.Name == MnistCnn.Network.Name ? MeasureSpeed(speedSteps, loading.Threads) : null;
        return new ComparisonReport(network.Name, seed, BatchSize, layers, gradients, step.Score.Loss, torchScore.Loss, afterOne, afterMany, ManySteps, speed, loading.ToString())
        {
            InferenceLayers = inferenceLayers,
            State = state.IsEmpty ? null : (stateAfterOne, stateAfterMany),
            KinksCrossed = (forMathNet.Crossed, forTorch.Crossed),
        };
    }

    /// <summary>
    /// Images per second of full training steps (forward, backward, Adam) at batch 32, each backend as
    /// <c>digits bench</c> runs it (MathNet on a reused workspace), timed in alternating rounds.
    /// </summary>
    private static SpeedComparison MeasureSpeed(int steps, int threads)
    {
        var perRound = Math.Max(1, steps / SpeedRounds);
        using var mathNetTarget = new MathNetBenchTarget();
        using var torchTarget = new TorchBenchTarget();
        var mathNetStep = mathNetTarget.TrainStep(BatchSize);
        var torchStep = torchTarget.TrainStep(BatchSize);
        void Repeat(Action step, int count)
        {
            for (var i = 0; i < count; i++)
            {
                step();
            }
        }

        Repeat(mathNetStep, WarmUpSteps);
        Repeat(torchStep, WarmUpSteps);
        TimeSpan mathNet = TimeSpan.Zero, torch = TimeSpan.Zero;
        for (var round = 0; round < SpeedRounds; round++)
        {
            mathNet += Time(() => Repeat(mathNetStep, perRound));
            torch += Time(() => Repeat(torchStep, perRound));
        }

        var images = (double)perRound * SpeedRounds * BatchSize;
        return new SpeedComparison(BatchSize, perRound * SpeedRounds, threads, images / mathNet.TotalSeconds, images / torch.TotalSeconds);
    }

    private static TimeSpan Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// torch's float64 gradients (<paramref name="reference"/>: the same float32 weights, batch and masks) on the side of every
    /// ReLU kink a float32 pass's layer outputs <paramref name="sides"/> show (<see cref="TorchNetwork.Backward"/>), and the
    /// elements that pass put on the other side than float64's own <paramref name="referenceLayers"/>.
    /// </summary>
    private static ReferencePass ReferencePass<TGradients>(
        TorchNetwork reference, NetworkState state, Matrix<float> input, int[] labels, DropoutKey noise, List<float[]> referenceLayers, List<float[]> sides)
        where TGradients : ITensorSet<TGradients>
    {
        reference.LoadState(state);
        reference.Backward(input, labels, noise, sides);
        return new(reference.ReadGradients<TGradients>().Tensors, ReluKinks.Crossed(reference.Architecture.Describe(), referenceLayers, sides));
    }

    /// <summary>Every layer: MathNet against torch's float32 (max |a − b|, scaled), and each against torch's float64 (scaled).</summary>
    private static ImmutableArray<LayerDifference> LayerDifferences(List<float[]> ours, List<LayerOutput> theirs, List<float[]> reference) =>
        [.. theirs.Select((t, i) => new LayerDifference(t.Name, Differences.MaxAbsDiff(ours[i], t.Values), Differences.Scaled(ours[i], t.Values))
        {
            MathNetError = Differences.Scaled(reference[i], ours[i]),
            TorchError = Differences.Scaled(reference[i], t.Values),
        })];

    private static List<float[]> Values(IEnumerable<LayerOutput> outputs) => [.. outputs.Select(o => o.Values)];

    private static float StateDifference(NetworkState ours, NetworkState theirs) =>
        ours.IsEmpty ? 0 : ours.Tensors.Zip(theirs.Tensors).Max(pair => Differences.MaxAbsDiff(pair.First.Data, pair.Second.Data));

    private static float ParameterDifference<TParameters>(TParameters ours, TParameters theirs)
        where TParameters : ITensorSet<TParameters> =>
        ours.Tensors.Zip(theirs.Tensors).Max(pair => Differences.MaxAbsDiff(pair.First.Data, pair.Second.Data));
}

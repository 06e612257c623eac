using System.Collections.Immutable;
using System.Diagnostics;
using Digits.Bench;
using MnistFunctional.Backend;
using MnistFunctional.Data;
using MnistFunctional.Models;
using MnistFunctional.Torch;
using MnistFunctional.Torch.Native;
using MnistFunctional.Training;

namespace Digits.Commands;

/// <summary>
/// Runs the seed model on both backends from the same initial weights and the same batch (the first training
/// images): every layer's output, every gradient, the weights after one and after many Adam steps on that
/// batch, and the training speed of each, in alternating rounds so both see the same machine load.
/// </summary>
internal static class BackendComparison
{
    public const int BatchSize = 32;
    public const int ManySteps = 100;
    private const int SpeedRounds = 4;
    private const int WarmUpSteps = 3;

    public static ComparisonReport Run(Dataset train, int seed, int speedSteps)
    {
        var loading = TorchSharpLoader.EnsureLoaded();
        var initial = MnistCnn.Initialize(seed);
        var (input, labels) = Batches.Range(train, 0, BatchSize);

        using var torchNet = TorchNetwork.Build(MnistCnn.Architecture);
        torchNet.Load(initial);

        var activations = MnistCnn.Forward(initial, new MnistCnn.InputBatch(input));
        var ours = LayerOutputs(activations);
        var layers = torchNet.LayerOutputs(input).Skip(1)
            .Select((theirs, i) => new LayerDifference(theirs.Name, Differences.MaxAbsDiff(ours[i], theirs.Values), Differences.Scaled(ours[i], theirs.Values)))
            .ToImmutableArray();

        var step = MnistCnn.Network.LossAndGradients(initial, input, labels);
        var torchScore = torchNet.Backward(input, labels);
        var gradients = step.Gradients.Tensors.Zip(torchNet.ReadGradients<MnistCnn.Gradients>().Tensors)
            .Select(pair => new GradientDifference(pair.First.Name, Differences.MaxAbsDiff(pair.First.Data, pair.Second.Data), Differences.Relative(pair.First.Data, pair.Second.Data)))
            .ToImmutableArray();

        using var trainer = new TorchTrainer(torchNet, AdamOptions.Keras);
        var parameters = initial;
        var adam = AdamState.Initial(initial.Tensors.Select(t => t.Data.Length));
        var afterOne = 0f;
        for (var i = 1; i <= ManySteps; i++)
        {
            (parameters, adam) = Adam.Step(AdamOptions.Keras, parameters, MnistCnn.Network.LossAndGradients(parameters, input, labels).Gradients, adam);
            trainer.Step(input, labels);
            if (i == 1)
            {
                afterOne = ParameterDifference(parameters, torchNet.ReadParameters<MnistCnn.Parameters>());
            }
        }

        var afterMany = ParameterDifference(parameters, torchNet.ReadParameters<MnistCnn.Parameters>());
        var speed = MeasureSpeed(speedSteps, loading.Threads);
        return new ComparisonReport(seed, BatchSize, layers, gradients, step.Score.Loss, torchScore.Loss, afterOne, afterMany, ManySteps, speed, loading.ToString());
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

    private static float ParameterDifference(MnistCnn.Parameters ours, MnistCnn.Parameters theirs) =>
        ours.Tensors.Zip(theirs.Tensors).Max(pair => Differences.MaxAbsDiff(pair.First.Data, pair.Second.Data));

    /// <summary>The generated activations in the order of <see cref="TorchNetwork.LayerOutputs"/>, without the input.</summary>
    private static float[][] LayerOutputs(MnistCnn.Activations a) =>
        [.. new[] { a.Conv1.Values, a.Pool1.Values, a.Conv2.Values, a.Pool2.Values, a.Conv3.Values, a.Flatten1.Values, a.Dense1.Values, a.Dense2.Values }.Select(Storage.Of)];
}

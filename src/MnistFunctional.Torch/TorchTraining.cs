using System.Collections.Immutable;
using MnistFunctional.Backend;
using MnistFunctional.Data;
using MnistFunctional.Tensors;
using MnistFunctional.Training;

namespace MnistFunctional.Torch;

/// <summary>
/// The training recipe of <see cref="Trainer"/> on the TorchSharp backend: the same epoch shuffles
/// (<see cref="EpochShuffle"/>), batches, augmentation, validation split, early stopping and best-weights restore, with the
/// weights and Adam's moments kept in torch between batches. No checkpoints: an interrupted run is not resumable.
/// </summary>
public static class TorchTraining
{
    private const int ScoreBatch = 500;

    /// <summary>Trains <paramref name="trainer"/>'s network from its current weights.</summary>
    public static TorchTrainingResult<TParameters> Fit<TParameters>(
        TorchTrainer trainer,
        Dataset train,
        Dataset validation,
        TrainingOptions options,
        TimeProvider clock,
        ITrainingObserver? observer = null,
        CancellationToken stop = default)
        where TParameters : ITensorSet<TParameters>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var network = trainer.Network;
        var batches = (train.Count + options.BatchSize - 1) / options.BatchSize;
        var history = ImmutableArray.CreateBuilder<EpochMetrics>();
        var best = network.ReadParameters<TParameters>();
        var bestState = network.ReadState();
        var stopping = EarlyStopping.Initial;
        string? stopReason = null;
        for (var epoch = 0; epoch < options.Epochs && stopReason is null; epoch++)
        {
            var order = EpochShuffle.Order(train.Count, options.Seed, epoch);
            observer?.EpochStarted(epoch, options.Epochs, batches);
            var started = clock.GetTimestamp();
            double lossSum = 0;
            long correct = 0, seen = 0;
            for (var batch = 0; batch < batches; batch++)
            {
                if (stop.IsCancellationRequested)
                {
                    return new TorchTrainingResult<TParameters>(network.ReadParameters<TParameters>(), history.ToImmutable(), "interrupted") { State = network.ReadState() };
                }

                var start = batch * options.BatchSize;
                var count = Math.Min(options.BatchSize, train.Count - start);
                var (input, labels) = Batches.Take(train, order, start, count);
                Batches.Augment(train, options, Storage.Of(input), count, epoch, batch);

                var score = trainer.Step(input, labels, new DropoutKey(options.Seed, epoch, batch, 0)); // as Trainer keys a batch
                lossSum += (double)score.Loss * count;
                correct += score.Correct;
                seen += count;
                observer?.BatchDone(epoch, batch + 1, batches, lossSum / seen, (double)correct / seen);
            }

            var seconds = clock.GetElapsedTime(started).TotalSeconds;
            var (validationLoss, validationAccuracy) = Score(network, validation);
            var metrics = new EpochMetrics(epoch + 1, lossSum / seen, (double)correct / seen, validationLoss, validationAccuracy, seconds);
            history.Add(metrics);
            observer?.EpochDone(metrics, options.Epochs);
            (stopping, var improved) = stopping.After(validationLoss, validation.Count > 0);
            if (improved)
            {
                best = network.ReadParameters<TParameters>();
                bestState = network.ReadState();
            }

            stopReason = stopping.StopReason(options.Patience);
        }

        var restore = options.RestoreBestWeights && validation.Count > 0;
        var keep = restore ? best : network.ReadParameters<TParameters>();
        return new TorchTrainingResult<TParameters>(keep, history.ToImmutable(), stopReason ?? "completed") { State = restore ? bestState : network.ReadState() };
    }

    /// <summary>Mean loss and accuracy of the network's current weights over a dataset (NaN for an empty one).</summary>
    public static (double Loss, double Accuracy) Score(TorchNetwork network, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (data.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        double lossSum = 0;
        long correct = 0;
        for (var start = 0; start < data.Count; start += ScoreBatch)
        {
            var count = Math.Min(ScoreBatch, data.Count - start);
            var (input, labels) = Batches.Range(data, start, count);
            var score = network.Score(input, labels);
            lossSum += (double)score.Loss * count;
            correct += score.Correct;
        }

        return (lossSum / data.Count, (double)correct / data.Count);
    }
}

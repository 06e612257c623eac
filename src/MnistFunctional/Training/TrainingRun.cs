using System.Collections.Immutable;

namespace MnistFunctional.Training;

/// <summary>
/// The whole state of a training run between two batches — everything a checkpoint must hold for a resumed
/// run to end with the same weights as an uninterrupted one.
/// </summary>
public sealed record TrainingRun<TParameters>(
    TParameters Parameters,
    AdamState Adam,
    int Epoch,
    int BatchesDone,
    double EpochLossSum,
    long EpochCorrect,
    long EpochSeen,
    double EpochSeconds,
    ImmutableArray<EpochMetrics> History,
    TParameters Best,
    double BestValidationLoss,
    int EpochsWithoutImprovement)
{
    /// <summary>The network's state (BatchNorm's moving statistics) after the batches done; empty without stateful layers.</summary>
    public Tensors.NetworkState State { get; init; } = Tensors.NetworkState.Empty;

    /// <summary>The state that goes with <see cref="Best"/>.</summary>
    public Tensors.NetworkState BestState { get; init; } = Tensors.NetworkState.Empty;

    /// <summary>Why training ended: null while it goes on.</summary>
    public string? StopReason { get; init; }

    public bool IsFinished => StopReason is not null;
}

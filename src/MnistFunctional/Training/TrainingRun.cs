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
    /// <summary>Why training ended: null while it goes on.</summary>
    public string? StopReason { get; init; }

    public bool IsFinished => StopReason is not null;
}

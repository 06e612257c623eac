namespace MnistFunctional.Training;

/// <summary>
/// Keras's EarlyStopping(monitor="val_loss") with restore_best_weights, as one pure rule that every trainer
/// (<see cref="Trainer"/>, and the TorchSharp backend's) applies after each epoch.
/// </summary>
public readonly record struct EarlyStopping(double BestValidationLoss, int EpochsWithoutImprovement)
{
    public static EarlyStopping Initial { get; } = new(double.PositiveInfinity, 0);

    /// <summary>
    /// The state after an epoch with <paramref name="validationLoss"/>, and whether that epoch's weights are the
    /// new best. Without validation data every epoch counts as an improvement, so the last weights are kept.
    /// </summary>
    public (EarlyStopping Next, bool Improved) After(double validationLoss, bool hasValidation) =>
        !hasValidation || validationLoss < BestValidationLoss
            ? (new EarlyStopping(validationLoss, 0), true)
            : (this with { EpochsWithoutImprovement = EpochsWithoutImprovement + 1 }, false);

    /// <summary>Why training stops now, or null to go on (always null without a patience).</summary>
    public string? StopReason(int? patience) =>
        patience is { } epochs && EpochsWithoutImprovement >= epochs ? $"early stopping: no lower val_loss for {epochs} epochs" : null;
}

namespace Digits.Bench;

/// <summary>One bench run: the machine, the training work per image of the timed model, and each backend's figures.</summary>
internal sealed record BenchRun(BenchMachine Machine, double TrainingFlopsPerImage, IReadOnlyList<BenchResult> Results)
{
    /// <summary>
    /// The share of the machine's FMA peak a backend's training step reaches at a batch size (0–1); null when the
    /// peak was not measured on all cores at once, or when the share comes out above 1 — no step beats the peak, so
    /// the peak measurement was wrong and no share is given rather than an impossible one.
    /// </summary>
    public double? TrainPeakShare(BenchResult result, int batch) =>
        Machine.PeakGflops is { } peak && result.TrainImagesPerSecond[batch] * TrainingFlopsPerImage / (peak * 1e9) is var share && share <= 1
            ? share
            : null;
}

namespace Digits.Bench;

/// <summary>One bench run: the machine, the training work per image of the timed model, and each backend's figures.</summary>
internal sealed record BenchRun(BenchMachine Machine, double TrainingFlopsPerImage, IReadOnlyList<BenchResult> Results)
{
    /// <summary>The share of the machine's FMA peak a backend's training step reaches at a batch size (0–1).</summary>
    public double TrainPeakShare(BenchResult result, int batch) =>
        result.TrainImagesPerSecond[batch] * TrainingFlopsPerImage / (Machine.PeakGflops * 1e9);
}

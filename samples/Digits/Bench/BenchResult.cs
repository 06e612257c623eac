namespace Digits.Bench;

/// <summary>
/// One backend's figures: training images/s per batch size (empty for an inference-only backend), inference
/// images/s, batch-1 latency, peak memory.
/// </summary>
internal sealed record BenchResult(
    string Backend,
    IReadOnlyDictionary<int, double> TrainImagesPerSecond,
    double InferImagesPerSecond,
    double LatencyMicroseconds,
    double PeakMemoryMegabytes);

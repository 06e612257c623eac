using System.Diagnostics;

namespace Digits.Bench;

/// <summary>
/// Times backends side by side: for each figure, every backend is warmed up, then timed rounds alternate
/// between the backends, and each backend's figure is the median of its rounds — so a burst of load on a
/// shared machine hits all of them alike, and the ratios stay meaningful. Quick mode uses fewer, shorter rounds.
/// </summary>
internal sealed class BenchRunner(bool quick)
{
    public static readonly int[] TrainBatchSizes = [32, 128];
    public const int InferBatchSize = 256;

    private int Rounds => quick ? 5 : 9;

    private double RoundSeconds => quick ? 0.5 : 1.5;

    // .NET compiles hot loops again with full optimisation only after they have run a while (tiered compilation):
    // shorter warm-ups timed part of the MathNet backend's quick first code.
    private double WarmupSeconds => quick ? 1.0 : 2.0;

    public IReadOnlyList<BenchResult> Run(IReadOnlyList<IBenchTarget> targets, Action<string> progress)
    {
        var peaks = targets.Select(target =>
        {
            progress($"{target.Name}: peak memory");
            return PeakMegabytes(target);
        }).ToArray();

        var trainers = targets.Where(t => t.Trains).ToList();
        var train = TrainBatchSizes.ToDictionary(batch => batch, batch =>
        {
            progress($"training at batch {batch}");
            return MedianSeconds([.. trainers.Select(t => t.TrainStep(batch))]);
        });
        progress($"inference at batch {InferBatchSize}");
        var infer = MedianSeconds([.. targets.Select(t => t.Infer(InferBatchSize))]);
        progress("single-image latency");
        var latency = MedianSeconds([.. targets.Select(t => t.Infer(1))]);

        return [.. targets.Select((target, i) => new BenchResult(
            target.Name,
            trainers.Contains(target) ? TrainBatchSizes.ToDictionary(batch => batch, batch => batch / train[batch][trainers.IndexOf(target)]) : new Dictionary<int, double>(),
            InferBatchSize / infer[i],
            latency[i] * 1e6,
            peaks[i]))];
    }

    /// <summary>
    /// Resident memory peak of a few training steps at the largest batch and a few inferences, measured for each
    /// backend on its own before any timing (the peak is reset first, where the system allows it).
    /// </summary>
    private static double PeakMegabytes(IBenchTarget target)
    {
        GC.Collect();
        PeakMemory.Reset();
        var step = target.Trains ? target.TrainStep(TrainBatchSizes[^1]) : null;
        var infer = target.Infer(InferBatchSize);
        for (var i = 0; i < 3; i++)
        {
            step?.Invoke();
            infer();
        }

        return PeakMemory.Megabytes();
    }

    /// <summary>Median seconds per call of each work, over rounds that alternate between them, after a warm-up that also sizes the rounds.</summary>
    public double[] MedianSeconds(Action[] works)
    {
        var callsPerRound = works.Select(CallsPerRound).ToArray();
        var times = works.Select(_ => new double[Rounds]).ToArray();
        for (var r = 0; r < Rounds; r++)
        {
            for (var w = 0; w < works.Length; w++)
            {
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < callsPerRound[w]; i++)
                {
                    works[w]();
                }

                times[w][r] = Stopwatch.GetElapsedTime(start).TotalSeconds / callsPerRound[w];
            }
        }

        return [.. times.Select(t =>
        {
            Array.Sort(t);
            return t[Rounds / 2];
        })];
    }

    private int CallsPerRound(Action work)
    {
        var calls = 0;
        var warmup = Stopwatch.StartNew();
        while (calls < 3 || warmup.Elapsed.TotalSeconds < WarmupSeconds)
        {
            work();
            calls++;
        }

        return Math.Max(1, (int)(calls * RoundSeconds / warmup.Elapsed.TotalSeconds));
    }
}

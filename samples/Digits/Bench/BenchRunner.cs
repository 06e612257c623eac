using System.Diagnostics;

namespace Digits.Bench;

/// <summary>
/// Times a backend: warm-up, then the median of several timed rounds (medians resist the noise of a shared
/// machine). Quick mode uses fewer and shorter rounds.
/// </summary>
internal sealed class BenchRunner(bool quick)
{
    public static readonly int[] TrainBatchSizes = [32, 128];
    public const int InferBatchSize = 256;

    private int Rounds => quick ? 5 : 9;

    private double RoundSeconds => quick ? 0.5 : 1.5;

    public BenchResult Run(IBenchTarget target, Action<string> progress)
    {
        GC.Collect();
        PeakMemory.Reset();
        var train = new Dictionary<int, double>();
        foreach (var batch in TrainBatchSizes)
        {
            progress($"{target.Name}: training at batch {batch}");
            train[batch] = batch / MedianSeconds(target.TrainStep(batch));
        }

        progress($"{target.Name}: inference at batch {InferBatchSize}");
        var infer = InferBatchSize / MedianSeconds(target.Infer(InferBatchSize));
        progress($"{target.Name}: single-image latency");
        var latency = MedianSeconds(target.Infer(1)) * 1e6;
        return new BenchResult(target.Name, train, infer, latency, PeakMemory.Megabytes());
    }

    /// <summary>Median seconds per call over the rounds, after a warm-up that also sizes the rounds.</summary>
    private double MedianSeconds(Action work)
    {
        var calls = 0;
        var warmup = Stopwatch.StartNew();
        while (calls < 3 || warmup.Elapsed.TotalSeconds < RoundSeconds / 2)
        {
            work();
            calls++;
        }

        var perRound = Math.Max(1, (int)(calls * RoundSeconds / warmup.Elapsed.TotalSeconds));
        var times = new double[Rounds];
        for (var r = 0; r < Rounds; r++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < perRound; i++)
            {
                work();
            }

            times[r] = Stopwatch.GetElapsedTime(start).TotalSeconds / perRound;
        }

        Array.Sort(times);
        return times[Rounds / 2];
    }
}

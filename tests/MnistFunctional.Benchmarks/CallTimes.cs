using System.Diagnostics;

namespace MnistFunctional.Benchmarks;

/// <summary>Wall times of back-to-back calls, sorted, and their percentiles (the A/B tools' rounds).</summary>
public static class CallTimes
{
    /// <summary>Calls <paramref name="body"/> back to back for <paramref name="seconds"/>: each call's wall µs, sorted.</summary>
    public static List<double> BackToBack(Action body, double seconds)
    {
        var clock = Stopwatch.StartNew();
        var times = new List<double>();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var start = Stopwatch.GetTimestamp();
            body();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        times.Sort();
        return times;
    }

    public static double Percentile(List<double> sorted, double quantile) => sorted[(int)(quantile * (sorted.Count - 1))];
}

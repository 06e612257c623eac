using System.Runtime.InteropServices;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// The calling thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), in µs: on a loaded machine
/// it leaves out the time the thread waited for a core, which wall-clock timings of one-thread kernels include.
/// Elsewhere, wall-clock µs.
/// </summary>
public static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTime = 3;

    public static double Microseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return System.Diagnostics.Stopwatch.GetTimestamp() * 1e6 / System.Diagnostics.Stopwatch.Frequency;
        }

        _ = ClockGetTime(ClockThreadCpuTime, out var time);
        return (time.Seconds * 1e6) + (time.Nanoseconds / 1e3);
    }

    /// <summary>Median CPU µs of two bodies run alternately on this thread.</summary>
    public static (double A, double B) Interleaved(Action a, Action b, int steps)
    {
        var (ta, tb) = (new double[steps], new double[steps]);
        for (var i = 0; i < steps; i++)
        {
            var start = Microseconds();
            a();
            ta[i] = Microseconds() - start;
            start = Microseconds();
            b();
            tb[i] = Microseconds() - start;
        }

        Array.Sort(ta);
        Array.Sort(tb);
        return (ta[steps / 2], tb[steps / 2]);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}

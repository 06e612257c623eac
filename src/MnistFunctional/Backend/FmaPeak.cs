using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>
/// The machine's floating-point peak as the kernels can reach it: a loop of twelve independent chains of vector
/// fused multiply-adds on registers (enough to hide the FMA latency on every core seen so far), 512-bit where the
/// CPU accelerates it, else 256-bit. Speed figures are reported as a share of this peak, measured in the same run.
/// </summary>
public static class FmaPeak
{
    private const int Chains = 12;
    private const int Iterations = 200_000;

    /// <summary>Loops each thread times per round of <see cref="Measure"/>: about 10 ms at 180 GFLOP/s, long against a barrier's wake-up.</summary>
    private const int LoopsPerRound = 24;

    /// <summary>The widest vector ISA the kernels use on this CPU.</summary>
    public static string Isa =>
        Vector512.IsHardwareAccelerated ? "AVX-512" :
        Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported ? "AVX2+FMA" :
        Vector128.IsHardwareAccelerated ? "128-bit SIMD" : "scalar";

    /// <summary>GFLOP/s of one thread: the fastest of <paramref name="rounds"/> timed loops after a warm-up (noise only slows a loop down).</summary>
    public static double OneCoreGflops(int rounds = 200)
    {
        var sink = 0f;
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < 0.5)
        {
            sink += Loop();
        }

        var fastest = double.MaxValue;
        for (var i = 0; i < rounds; i++)
        {
            var start = Stopwatch.GetTimestamp();
            sink += Loop();
            fastest = Math.Min(fastest, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        // The loops' results are summed and checked, so the compiler cannot drop them as unused.
        return float.IsNaN(sink) ? double.NaN : FlopsPerLoop / fastest / 1e9;
    }

    /// <summary>
    /// The peak of <paramref name="threads"/> threads at once, beside one thread's: each round, dedicated threads
    /// start together behind a barrier and each times its own <see cref="LoopsPerRound"/> loops; the round's figure
    /// is the sum of the threads' rates, and a round counts only if the threads ran at the same time, each at a
    /// whole core's rate (<see cref="FmaPeakMeasurement.FromRounds"/>). On a busy machine no round may qualify: the
    /// measurement then says so instead of passing one core's worth off as the peak.
    /// </summary>
    public static FmaPeakMeasurement Measure(int threads, int rounds = 50)
    {
        var oneCore = OneCoreGflops();
        if (threads <= 1)
        {
            return new FmaPeakMeasurement(1, oneCore, oneCore, rounds, rounds);
        }

        var timings = Enumerable.Range(0, rounds).Select(_ => new FmaThreadTiming[threads]).ToArray();
        var sinks = new float[threads];
        using var barrier = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            foreach (var round in timings)
            {
                barrier.SignalAndWait();
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < LoopsPerRound; i++)
                {
                    sinks[t] += Loop();
                }

                round[t] = new FmaThreadTiming(Seconds(start), Seconds(Stopwatch.GetTimestamp()), LoopsPerRound * FlopsPerLoop);
            }
        })
        { IsBackground = true, Name = $"FMA peak {t}" }).ToList();
        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());
        return sinks.Any(float.IsNaN) ? throw new InvalidOperationException("The FMA loop gave NaN.") : FmaPeakMeasurement.FromRounds(oneCore, timings);
    }

    private static double Seconds(long timestamp) => (double)timestamp / Stopwatch.Frequency;

    private static double FlopsPerLoop => 2.0 * Chains * Lanes * Iterations;

    private static int Lanes => Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256<float>.Count;

    private static float Loop() => Vector512.IsHardwareAccelerated ? Loop512() : Loop256();

    private static float Loop512()
    {
        var (m, c) = (Vector512.Create(0.9999f), Vector512.Create(1e-4f));
        // Different starting values, so the compiler cannot merge the chains into one.
        Vector512<float> a0 = Vector512.Create(1f), a1 = Vector512.Create(2f), a2 = Vector512.Create(3f), a3 = Vector512.Create(4f);
        Vector512<float> a4 = Vector512.Create(5f), a5 = Vector512.Create(6f), a6 = Vector512.Create(7f), a7 = Vector512.Create(8f);
        Vector512<float> a8 = Vector512.Create(9f), a9 = Vector512.Create(10f), a10 = Vector512.Create(11f), a11 = Vector512.Create(12f);
        for (var i = 0; i < Iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c);
            a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c);
            a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c);
            a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private static float Loop256()
    {
        var (m, c) = (Vector256.Create(0.9999f), Vector256.Create(1e-4f));
        Vector256<float> a0 = Vector256.Create(1f), a1 = Vector256.Create(2f), a2 = Vector256.Create(3f), a3 = Vector256.Create(4f);
        Vector256<float> a4 = Vector256.Create(5f), a5 = Vector256.Create(6f), a6 = Vector256.Create(7f), a7 = Vector256.Create(8f);
        Vector256<float> a8 = Vector256.Create(9f), a9 = Vector256.Create(10f), a10 = Vector256.Create(11f), a11 = Vector256.Create(12f);
        for (var i = 0; i < Iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c);
            a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c);
            a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c);
            a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c);
            a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}

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

    /// <summary>The widest vector ISA the kernels use on this CPU.</summary>
    public static string Isa =>
        Vector512.IsHardwareAccelerated ? "AVX-512" :
        Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported ? "AVX2+FMA" :
        Vector128.IsHardwareAccelerated ? "128-bit SIMD" : "scalar";

    /// <summary>GFLOP/s of one thread: the median of <paramref name="rounds"/> timed loops after a warm-up.</summary>
    public static double OneCoreGflops(int rounds = 200) => Median(rounds, Loop);

    /// <summary>
    /// GFLOP/s of <paramref name="threads"/> threads running the loop at once (the sum of what they did over the
    /// wall time of each round): on a shared or hyper-threaded machine this is what the cores really give together.
    /// </summary>
    public static double AllCoresGflops(int threads, int rounds = 50)
    {
        if (threads <= 1)
        {
            return OneCoreGflops(rounds);
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var sums = new float[threads];
        return threads * Median(rounds, () =>
        {
            Parallel.For(0, threads, options, t => sums[t] = Loop());
            return sums.Sum();
        });
    }

    // The loops' results are summed and checked, so the compiler cannot drop them as unused.
    private static double Median(int rounds, Func<float> loop)
    {
        var sink = 0f;
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < 0.5)
        {
            sink += loop();
        }

        var seconds = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var start = Stopwatch.GetTimestamp();
            sink += loop();
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(seconds);
        return float.IsNaN(sink) ? double.NaN : FlopsPerLoop / seconds[rounds / 2] / 1e9;
    }

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

using System.Diagnostics;
using MnistFunctional.Backend;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// GFLOP/s of <see cref="Gemm"/> on the seed model's conv- and dense-shaped products at one batch size:
/// the median of many calls, so the figure survives a noisy machine (compare it with the machine's peak).
/// </summary>
public static class ConvGemmSpeed
{
    public static void Run(int batch)
    {
        var shapes = new (string Name, bool Ta, bool Tb, int M, int N, int K)[]
        {
            ("conv1 fwd", false, false, 32, 676 * batch, 9),
            ("conv1 dW", false, true, 32, 9, 676 * batch),
            ("conv2 fwd", false, false, 64, 121 * batch, 288),
            ("conv2 dW", false, true, 64, 288, 121 * batch),
            ("conv2 dCols", true, false, 288, 121 * batch, 64),
            ("conv3 fwd", false, false, 64, 9 * batch, 576),
            ("conv3 dW", false, true, 64, 576, 9 * batch),
            ("conv3 dCols", true, false, 576, 9 * batch, 64),
            ("dense1 fwd", false, false, 64, batch, 576),
        };
        Console.WriteLine($"batch {batch}: median µs per product, GFLOP/s");
        foreach (var (name, ta, tb, m, n, k) in shapes)
        {
            var a = Random(m * k, 1);
            var b = Random(n * k, 2);
            var c = new float[m * n];
            var (lda, ldb) = (ta ? k : m, tb ? n : k);
            var times = new List<double>();
            for (var round = 0; round < 30; round++)
            {
                var start = Stopwatch.GetTimestamp();
                Gemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, c, m);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }

            times.Sort();
            var median = times[times.Count / 2];
            Console.WriteLine($"{name,-12}{median,10:F1}{2.0 * m * n * k / median / 1e3,10:F1}");
        }
    }

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => random.NextSingle())];
    }
}

using System.Diagnostics;
using MnistFunctional.Backend;

namespace MnistFunctional.Benchmarks;

/// <summary>A/B of the GEMM against GemmBaseline (the Gemm of commit ab595b4, before in-place A and long k blocks), interleaved in one run: ratios survive a noisy machine.</summary>
public static class GemmAb
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
        Console.WriteLine($"batch {batch}: median µs new / old, ratio, new GFLOP/s");
        foreach (var (name, ta, tb, m, n, k) in shapes)
        {
            var a = Random(m * k, 1);
            var b = Random(n * k, 2);
            var c = new float[m * n];
            var (lda, ldb) = (ta ? k : m, tb ? n : k);
            var times = new List<double>[] { [], [] };
            for (var round = 0; round < 30; round++)
            {
                for (var variant = 0; variant < 2; variant++)
                {
                    var start = Stopwatch.GetTimestamp();
                    if (variant == 0)
                    {
                        Gemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, c, m);
                    }
                    else
                    {
                        GemmBaseline.Multiply(ta, tb, m, n, k, a, lda, b, ldb, c, m);
                    }

                    times[variant].Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
            }

            var (fresh, old) = (Median(times[0]), Median(times[1]));
            Console.WriteLine($"{name,-12}{fresh,10:F1}{old,10:F1}{old / fresh,8:F2}x{2.0 * m * n * k / fresh / 1e3,10:F1}");
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => random.NextSingle())];
    }
}

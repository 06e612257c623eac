using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Backend;

namespace Digits.Bench;

/// <summary>Seeded stand-in images (pixels in [0, 1]) and labels: timing needs no dataset.</summary>
internal static class BenchImages
{
    public const int Pixels = 28 * 28;

    public static Matrix<float> Fill(Matrix<float> batch, int seed)
    {
        var values = Storage.Of(batch);
        var random = new Random(seed);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSingle();
        }

        return batch;
    }

    public static int[] Labels(int count) => [.. Enumerable.Range(0, count).Select(i => i % 10)];
}

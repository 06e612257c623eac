using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace MnistFunctional.Tests;

/// <summary>Inputs the tests make themselves, from fixed seeds.</summary>
internal static class TestData
{
    public static Matrix<float> Uniform(int rows, int columns, int seed)
    {
        var source = new MersenneTwister(seed, threadSafe: false);
        var data = new float[rows * columns];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)source.NextDouble();
        }

        return Matrix<float>.Build.Dense(rows, columns, data);
    }

    /// <summary>A convolution's kernel and bias, uniform in [−0.5, 0.5): the kernel from <paramref name="seed"/>, the bias from seed + 1.</summary>
    public static Tensors.ConvParameters ConvParameters(MnistFunctional.Backend.ConvGeometry g, int seed) =>
        new(
            Uniform(g.Filters, g.PatchSize, seed).Map(v => v - 0.5f),
            Vector<float>.Build.DenseOfArray(Uniform(g.Filters, 1, seed + 1).Map(v => v - 0.5f).AsColumnMajorArray()));

    /// <summary>
    /// What <paramref name="run"/> gives for a buffer of <paramref name="length"/> floats starting at each of 16
    /// successive floats of a pinned array — every place relative to a cache line's boundary — checked to be the same
    /// bits each time, and returned.
    /// </summary>
    public static float[] SameAtEveryStart(int length, Func<Span<float>, float[]> run)
    {
        float[]? first = null;
        for (var offset = 0; offset < 16; offset++)
        {
            var result = run(GC.AllocateArray<float>(length + 16, pinned: true).AsSpan(offset, length));
            first ??= result;
            Xunit.Assert.Equal(first.Select(BitConverter.SingleToInt32Bits), result.Select(BitConverter.SingleToInt32Bits));
        }

        return first!;
    }

    public static int[] Labels(int count, int classes, int seed)
    {
        var source = new MersenneTwister(seed, threadSafe: false);
        return [.. Enumerable.Range(0, count).Select(_ => source.Next(classes))];
    }
}

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

    public static int[] Labels(int count, int classes, int seed)
    {
        var source = new MersenneTwister(seed, threadSafe: false);
        return [.. Enumerable.Range(0, count).Select(_ => source.Next(classes))];
    }
}

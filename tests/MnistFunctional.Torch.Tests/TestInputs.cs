using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace MnistFunctional.Torch.Tests;

/// <summary>Inputs the tests make themselves, from fixed seeds: pixels uniform in [0, 1] and labels.</summary>
internal static class TestInputs
{
    public static Matrix<float> Pixels(int features, int batch, int seed)
    {
        var source = new MersenneTwister(seed, threadSafe: false);
        var data = new float[features * batch];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)source.NextDouble();
        }

        return Matrix<float>.Build.Dense(features, batch, data);
    }

    public static int[] Labels(int count, int classes, int seed)
    {
        var source = new MersenneTwister(seed, threadSafe: false);
        return [.. Enumerable.Range(0, count).Select(_ => source.Next(classes))];
    }
}

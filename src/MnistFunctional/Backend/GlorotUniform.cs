using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace MnistFunctional.Backend;

/// <summary>Keras's default initialisation: Glorot-uniform kernels, zero biases, from a seeded MathNet source.</summary>
public static class GlorotUniform
{
    /// <summary>The source every generated <c>Initialize(seed)</c> draws from, layer after layer.</summary>
    public static System.Random CreateSource(int seed) => new MersenneTwister(seed, threadSafe: false);

    /// <summary>A rows × columns matrix with entries uniform in ±sqrt(6 / (fanIn + fanOut)), drawn in storage order.</summary>
    public static Matrix<float> Matrix(System.Random source, int rows, int columns, int fanIn, int fanOut)
    {
        var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        var data = new float[rows * columns];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((source.NextDouble() * 2.0 - 1.0) * limit);
        }

        return Storage.Matrix(rows, columns, data);
    }

    public static Vector<float> Zeros(int length) => Vector<float>.Build.Dense(length);
}

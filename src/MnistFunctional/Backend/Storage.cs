using MathNet.Numerics.LinearAlgebra;

namespace MnistFunctional.Backend;

/// <summary>Reaches the column-major float arrays behind MathNet's dense types without copying.</summary>
public static class Storage
{
    public static float[] Of(Matrix<float> matrix) =>
        matrix.AsColumnMajorArray() ?? throw new ArgumentException("Expected a dense MathNet matrix.", nameof(matrix));

    public static float[] Of(Vector<float> vector) =>
        vector.AsArray() ?? throw new ArgumentException("Expected a dense MathNet vector.", nameof(vector));

    /// <summary>A dense matrix that uses <paramref name="data"/> directly as its column-major storage.</summary>
    public static Matrix<float> Matrix(int rows, int columns, float[] data) => Matrix<float>.Build.Dense(rows, columns, data);

    public static Matrix<float> Matrix(int rows, int columns) => Matrix<float>.Build.Dense(rows, columns);

    public static Vector<float> Vector(float[] data) => Vector<float>.Build.Dense(data);
}

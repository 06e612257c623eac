using MathNet.Numerics.LinearAlgebra;

namespace MnistFunctional.Tensors;

/// <summary>
/// A dense layer's parameters. <see cref="Weights"/> is units × inputs; its column-major storage is exactly
/// Keras's kernel (inputs, units) in row-major order.
/// </summary>
public sealed record DenseParameters(Matrix<float> Weights, Vector<float> Bias)
{
    public int Units => Weights.RowCount;

    public int Inputs => Weights.ColumnCount;
}

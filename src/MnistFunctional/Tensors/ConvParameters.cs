using MathNet.Numerics.LinearAlgebra;

namespace MnistFunctional.Tensors;

/// <summary>
/// A convolution's parameters. <see cref="Kernel"/> is filters × (k·k·channels); its column-major storage is
/// exactly Keras's HWIO kernel (k, k, channels, filters) in row-major order.
/// </summary>
public sealed record ConvParameters(Matrix<float> Kernel, Vector<float> Bias)
{
    public int Filters => Kernel.RowCount;

    public int PatchSize => Kernel.ColumnCount;
}

using MnistFunctional.Tensors;

namespace MnistFunctional.Torch;

/// <summary>
/// The parameter layout conversions between our Keras-layout tensors and torch's, as pure functions over
/// row-major arrays. Conv kernels: ours HWIO (k, k, in, out), torch OIHW (out, in, k, k). Dense kernels: ours
/// (inputs, units), torch's Linear weight (units, inputs). Biases are the same in both. The flatten order
/// (ours H·W·C, torch C·H·W) is handled in the module itself, which flattens channels-last, so Dense kernels
/// need no row permutation.
/// </summary>
public static class TorchLayout
{
    public static float[] ConvKernelToTorch(ReadOnlySpan<float> hwio, int kernel, int inputs, int filters) =>
        KernelLayout.HwioToOihw(hwio, kernel, inputs, filters);

    public static float[] ConvKernelFromTorch(ReadOnlySpan<float> oihw, int kernel, int inputs, int filters) =>
        KernelLayout.OihwToHwio(oihw, kernel, inputs, filters);

    /// <summary>(inputs, units) → (units, inputs).</summary>
    public static float[] DenseKernelToTorch(ReadOnlySpan<float> kernel, int inputs, int units) => Transpose(kernel, inputs, units);

    /// <summary>(units, inputs) → (inputs, units).</summary>
    public static float[] DenseKernelFromTorch(ReadOnlySpan<float> weight, int inputs, int units) => Transpose(weight, units, inputs);

    private static float[] Transpose(ReadOnlySpan<float> source, int rows, int columns)
    {
        KernelLayout.RequireLength(source.Length, rows * columns, "dense kernel");
        var result = new float[source.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = source[(r * columns) + c];
            }
        }

        return result;
    }
}

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
    public static float[] ConvKernelToTorch(ReadOnlySpan<float> hwio, int kernel, int inputs, int filters)
    {
        RequireLength(hwio.Length, kernel * kernel * inputs * filters, "conv kernel");
        var oihw = new float[hwio.Length];
        for (var y = 0; y < kernel; y++)
        {
            for (var x = 0; x < kernel; x++)
            {
                for (var i = 0; i < inputs; i++)
                {
                    for (var o = 0; o < filters; o++)
                    {
                        oihw[(((o * inputs) + i) * kernel + y) * kernel + x] = hwio[(((y * kernel) + x) * inputs + i) * filters + o];
                    }
                }
            }
        }

        return oihw;
    }

    public static float[] ConvKernelFromTorch(ReadOnlySpan<float> oihw, int kernel, int inputs, int filters)
    {
        RequireLength(oihw.Length, kernel * kernel * inputs * filters, "conv kernel");
        var hwio = new float[oihw.Length];
        for (var o = 0; o < filters; o++)
        {
            for (var i = 0; i < inputs; i++)
            {
                for (var y = 0; y < kernel; y++)
                {
                    for (var x = 0; x < kernel; x++)
                    {
                        hwio[(((y * kernel) + x) * inputs + i) * filters + o] = oihw[(((o * inputs) + i) * kernel + y) * kernel + x];
                    }
                }
            }
        }

        return hwio;
    }

    /// <summary>(inputs, units) → (units, inputs).</summary>
    public static float[] DenseKernelToTorch(ReadOnlySpan<float> kernel, int inputs, int units) => Transpose(kernel, inputs, units);

    /// <summary>(units, inputs) → (inputs, units).</summary>
    public static float[] DenseKernelFromTorch(ReadOnlySpan<float> weight, int inputs, int units) => Transpose(weight, units, inputs);

    private static float[] Transpose(ReadOnlySpan<float> source, int rows, int columns)
    {
        RequireLength(source.Length, rows * columns, "dense kernel");
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

    private static void RequireLength(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"A {what} of this shape has {expected} values, got {actual}.");
        }
    }
}

namespace MnistFunctional.Tensors;

/// <summary>
/// Layout conversions of convolution kernels between ours (Keras HWIO: (k, k, in, out), row-major) and the
/// channels-first OIHW (out, in, k, k) that torch and ONNX use, as pure functions over row-major arrays.
/// </summary>
public static class KernelLayout
{
    public static float[] HwioToOihw(ReadOnlySpan<float> hwio, int kernel, int inputs, int filters)
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

    public static float[] OihwToHwio(ReadOnlySpan<float> oihw, int kernel, int inputs, int filters)
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

    /// <summary>Throws <see cref="ArgumentException"/> unless a tensor of this shape has <paramref name="actual"/> values.</summary>
    public static void RequireLength(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"A {what} of this shape has {expected} values, got {actual}.");
        }
    }
}

namespace MnistFunctional.Imaging.Normalization;

/// <summary>The intensity-weighted mean position of a raster's pixels, in pixel indices (pixel (x, y) counts at x, y).</summary>
public readonly record struct CenterOfMass(double X, double Y)
{
    /// <summary>Null for a raster with no ink at all.</summary>
    public static CenterOfMass? Of(ReadOnlySpan<float> pixels, int width, int height)
    {
        if (pixels.Length != width * height)
        {
            throw new ArgumentException($"A {width}×{height} raster has {width * height} pixels, not {pixels.Length}.", nameof(pixels));
        }

        double mass = 0, sumX = 0, sumY = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var value = pixels[(y * width) + x];
                mass += value;
                sumX += value * x;
                sumY += value * y;
            }
        }

        return mass > 0 ? new CenterOfMass(sumX / mass, sumY / mass) : null;
    }

    public static CenterOfMass? Of(MnistImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Of(image.Pixels.AsSpan(), MnistImage.Size, MnistImage.Size);
    }
}

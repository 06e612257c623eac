namespace MnistFunctional.Imaging.Normalization;

/// <summary>
/// Resizes a grayscale raster with a separable triangle (tent) filter. When shrinking, the filter widens with the
/// scale, so every source pixel contributes (anti-aliasing, no dropped thin strokes); when enlarging it is bilinear
/// interpolation. The same size gives back the same pixels.
/// </summary>
public static class Resampler
{
    public static float[] Resize(ReadOnlySpan<float> source, int width, int height, int newWidth, int newHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(newWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(newHeight, 1);
        if (source.Length != width * height)
        {
            throw new ArgumentException($"A {width}×{height} raster has {width * height} pixels, not {source.Length}.", nameof(source));
        }

        if (width == newWidth && height == newHeight)
        {
            return source.ToArray();
        }

        // Columns first (height × newWidth), then rows.
        var horizontal = Weights(width, newWidth);
        var across = new float[height * newWidth];
        for (var y = 0; y < height; y++)
        {
            var row = source.Slice(y * width, width);
            for (var x = 0; x < newWidth; x++)
            {
                across[(y * newWidth) + x] = horizontal[x].Apply(row, stride: 1);
            }
        }

        var vertical = Weights(height, newHeight);
        var result = new float[newHeight * newWidth];
        for (var y = 0; y < newHeight; y++)
        {
            for (var x = 0; x < newWidth; x++)
            {
                result[(y * newWidth) + x] = vertical[y].Apply(across.AsSpan(x), stride: newWidth);
            }
        }

        return result;
    }

    /// <summary>For each output position, the source positions it averages and their normalised weights.</summary>
    private static Taps[] Weights(int sourceLength, int targetLength)
    {
        var scale = (double)sourceLength / targetLength;
        var radius = Math.Max(1.0, scale);
        var taps = new Taps[targetLength];
        for (var i = 0; i < targetLength; i++)
        {
            // Pixel centres sit at half-integers, so the image edges map onto each other exactly.
            var centre = (i + 0.5) * scale;
            var first = Math.Max(0, (int)Math.Floor(centre - radius));
            var last = Math.Min(sourceLength - 1, (int)Math.Ceiling(centre + radius));
            var weights = new float[last - first + 1];
            var total = 0.0;
            for (var j = first; j <= last; j++)
            {
                var weight = Math.Max(0.0, 1.0 - (Math.Abs(j + 0.5 - centre) / radius));
                weights[j - first] = (float)weight;
                total += weight;
            }

            for (var k = 0; k < weights.Length; k++)
            {
                weights[k] = (float)(weights[k] / total);
            }

            taps[i] = new Taps(first, weights);
        }

        return taps;
    }

    private readonly record struct Taps(int First, float[] Weights)
    {
        public float Apply(ReadOnlySpan<float> line, int stride)
        {
            var sum = 0f;
            for (var k = 0; k < Weights.Length; k++)
            {
                sum += Weights[k] * line[(First + k) * stride];
            }

            return sum;
        }
    }
}

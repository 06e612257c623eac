namespace MnistFunctional.Augmentation;

/// <summary>
/// Two plain resamplings of a grayscale raster (row by row), as a scanner or a picture editor makes them: by area
/// (each target pixel the mean of the source it covers: shrinking averages, enlarging repeats each pixel as a block)
/// and bilinear (between the source pixels' centres). The normaliser's own anti-aliased resize is <c>Resampler</c>.
/// </summary>
public static class PixelResampling
{
    /// <summary>Resized by area: a sensor's integration when shrinking, blocky (nearest-neighbour-like) when enlarging.</summary>
    public static float[] Area(float[] source, int width, int height, int newWidth, int newHeight) =>
        Resize(source, width, height, newWidth, newHeight, AreaWeights);

    /// <summary>Resized by bilinear interpolation (clamped at the edges): smooth when enlarging.</summary>
    public static float[] Bilinear(float[] source, int width, int height, int newWidth, int newHeight) =>
        Resize(source, width, height, newWidth, newHeight, BilinearWeights);

    /// <summary>A separable resize: rows with the weights from <paramref name="width"/> to <paramref name="newWidth"/>, then columns.</summary>
    private static float[] Resize(float[] source, int width, int height, int newWidth, int newHeight, Func<int, int, (int Index, float Weight)[][]> weights)
    {
        var across = Pass(weights(width, newWidth), i => i % newWidth, i => i / newWidth, (x, y) => source[(y * width) + x], height * newWidth);
        return Pass(weights(height, newHeight), i => i / newWidth, i => i % newWidth, (y, x) => across[(y * newWidth) + x], newHeight * newWidth);
    }

    /// <summary>Each output pixel as the weighted sum along one axis: <paramref name="along"/> picks its tap list, <paramref name="other"/> its fixed coordinate.</summary>
    private static float[] Pass((int Index, float Weight)[][] taps, Func<int, int> along, Func<int, int> other, Func<int, int, float> at, int length)
    {
        var result = new float[length];
        for (var i = 0; i < length; i++)
        {
            var sum = 0f;
            foreach (var (index, weight) in taps[along(i)])
            {
                sum += weight * at(index, other(i));
            }

            result[i] = sum;
        }

        return result;
    }

    /// <summary>Each target pixel as the mean of the source it covers (the overlap of the pixel intervals): shrinking averages, enlarging repeats.</summary>
    private static (int Index, float Weight)[][] AreaWeights(int sourceLength, int targetLength)
    {
        var scale = (double)sourceLength / targetLength;
        return [.. Enumerable.Range(0, targetLength).Select(i =>
        {
            var (from, to) = (i * scale, (i + 1) * scale);
            return Enumerable.Range((int)Math.Floor(from), (int)Math.Ceiling(to) - (int)Math.Floor(from))
                .Where(j => j < sourceLength)
                .Select(j => (j, (float)((Math.Min(to, j + 1) - Math.Max(from, j)) / scale)))
                .Where(tap => tap.Item2 > 0)
                .ToArray();
        })];
    }

    /// <summary>Bilinear interpolation between the source pixels' centres (clamped at the edges).</summary>
    private static (int Index, float Weight)[][] BilinearWeights(int sourceLength, int targetLength)
    {
        var scale = (double)sourceLength / targetLength;
        return [.. Enumerable.Range(0, targetLength).Select(i =>
        {
            var position = Math.Clamp(((i + 0.5) * scale) - 0.5, 0, sourceLength - 1);
            var left = Math.Min((int)Math.Floor(position), sourceLength - 1);
            var right = Math.Min(left + 1, sourceLength - 1);
            var fraction = (float)(position - left);
            return new[] { (left, 1 - fraction), (right, fraction) };
        })];
    }
}

namespace MnistFunctional.Augmentation;

/// <summary>
/// A low-resolution copy of a training image, as a tiny bitmap or a black-and-white scan saved larger: the image shrunk
/// (area average) to <see cref="Side"/> × <see cref="Side"/> pixels, its grey levels reduced, then enlarged back,
/// blocky (each small pixel a square, <see cref="Smooth"/> false) or smooth (bilinear), and stretched so its brightest
/// pixel is full ink, as the normaliser stretches every digit it reads.
/// </summary>
/// <param name="Side">The side of the shrunk image in pixels (MNIST's 20-pixel digit becomes about 20 × Side / 28).</param>
/// <param name="Levels">Grey levels kept: 0 for all, 2 for black and white at <paramref name="Threshold"/>, more for evenly spaced levels.</param>
/// <param name="Threshold">The ink level from which a pixel is black when <paramref name="Levels"/> is 2 (a low one thickens the strokes).</param>
/// <param name="Smooth">Enlarged bilinearly rather than by repeating each pixel.</param>
public readonly record struct Coarsening(int Side, int Levels, double Threshold, bool Smooth)
{
    /// <summary>Coarsens an image (height × width × channels, channels last) in place, each channel apart.</summary>
    public void Apply(Span<float> image, int height, int width, int channels)
    {
        var plane = new float[height * width];
        for (var c = 0; c < channels; c++)
        {
            for (var i = 0; i < plane.Length; i++)
            {
                plane[i] = image[(i * channels) + c];
            }

            var small = Resize(plane, width, height, Side, Side, AreaWeights);
            for (var i = 0; i < small.Length; i++)
            {
                small[i] = Quantize(small[i]);
            }

            var large = Resize(small, Side, Side, width, height, Smooth ? BilinearWeights : AreaWeights);
            var max = large.Max();
            for (var i = 0; i < plane.Length; i++)
            {
                image[(i * channels) + c] = max > 0 ? large[i] / max : 0f;
            }
        }
    }

    private float Quantize(float value) => Levels switch
    {
        0 => value,
        2 => value >= Threshold ? 1f : 0f,
        _ => MathF.Round(Math.Clamp(value, 0f, 1f) * (Levels - 1)) / (Levels - 1),
    };

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

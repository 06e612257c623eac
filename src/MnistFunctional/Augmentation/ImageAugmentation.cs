using MathNet.Numerics.Random;

namespace MnistFunctional.Augmentation;

/// <summary>
/// Pure image distortions for training (Keras's RandomTranslation/RandomRotation/RandomZoom plus a stroke
/// width change). Images are height × width × channels floats, channels last, zero as background.
/// </summary>
public static class ImageAugmentation
{
    /// <summary>
    /// Distorts every example of a batch in place. The random source is derived from (seed, epoch, batch)
    /// alone, so a run resumed at a batch boundary draws exactly what an uninterrupted run draws.
    /// </summary>
    public static void ApplyToBatch(AugmentationOptions options, Span<float> pixels, int count, int height, int width, int channels, int seed, int epoch, int batch)
    {
        var source = new MersenneTwister(unchecked((((seed * 1_000_003) + epoch) * 1_000_033) + batch), threadSafe: false);
        var size = height * width * channels;
        var original = new float[size];
        var moved = new float[size]; // one scratch image per batch, not one per distorted example
        for (var i = 0; i < count; i++)
        {
            var example = pixels.Slice(i * size, size);
            example.CopyTo(original);
            Apply(Distortion.Draw(options, source, height, width), original, example, moved, height, width, channels);
        }
    }

    /// <summary>Writes the distorted <paramref name="source"/> into <paramref name="target"/>.</summary>
    public static void Apply(Distortion distortion, ReadOnlySpan<float> source, Span<float> target, int height, int width, int channels) =>
        Apply(distortion, source, target, distortion.Stroke == StrokeChange.None ? [] : new float[target.Length], height, width, channels);

    /// <summary>As above, then erases <see cref="Distortion.Erased"/> and coarsens (<see cref="Distortion.Coarsening"/>) when there are.</summary>
    private static void Apply(Distortion distortion, ReadOnlySpan<float> source, Span<float> target, Span<float> scratch, int height, int width, int channels)
    {
        Distort(distortion, source, target, scratch, height, width, channels);
        distortion.Erased?.Apply(target, width, channels);
        distortion.Coarsening?.Apply(target, height, width, channels);
    }

    /// <summary>The map and the stroke change; <paramref name="scratch"/> (the image's size) holds the moved image before its stroke changes.</summary>
    private static void Distort(Distortion distortion, ReadOnlySpan<float> source, Span<float> target, Span<float> scratch, int height, int width, int channels)
    {
        if (distortion.Stroke == StrokeChange.None)
        {
            Transform(distortion, source, target, height, width, channels);
            return;
        }

        Transform(distortion, source, scratch, height, width, channels);
        if (distortion.Stroke == StrokeChange.MuchThicker)
        {
            ChangeStroke(StrokeChange.Thicker, scratch, target, height, width, channels);
            target.CopyTo(scratch);
            ChangeStroke(StrokeChange.Thicker, scratch, target, height, width, channels);
            return;
        }

        ChangeStroke(distortion.Stroke, scratch, target, height, width, channels);
    }

    /// <summary>
    /// Inverse-maps each target pixel through the affine map (and the flip) and samples bilinearly (zero outside): a
    /// whole-pixel shift without rotation or scaling reads pixels exactly, as a pad and crop.
    /// </summary>
    private static void Transform(Distortion d, ReadOnlySpan<float> source, Span<float> target, int height, int width, int channels)
    {
        var centreX = (width - 1) / 2.0;
        var centreY = (height - 1) / 2.0;
        var cos = Math.Cos(d.RotationRadians) / d.Scale;
        var sin = Math.Sin(d.RotationRadians) / d.Scale;
        var elastic = d.ElasticAlpha > 0;
        var (fieldX, fieldY) = elastic ? ElasticField.Draw(d.ElasticSeed, d.ElasticAlpha, d.ElasticSigma, height, width) : ([], []);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dx = x - centreX - d.ShiftX;
                var dy = y - centreY - d.ShiftY;
                var sourceX = (cos * dx) + (sin * dy) + centreX;
                var sourceY = (-sin * dx) + (cos * dy) + centreY;
                if (d.Shear != 0)
                {
                    sourceX += d.Shear * (sourceY - centreY);
                }

                if (elastic)
                {
                    sourceX += fieldX[(y * width) + x];
                    sourceY += fieldY[(y * width) + x];
                }

                if (d.FlipHorizontally)
                {
                    sourceX = width - 1 - sourceX; // exact for the whole-pixel positions of an unrotated, unscaled map
                }

                for (var c = 0; c < channels; c++)
                {
                    target[(((y * width) + x) * channels) + c] = Bilinear(source, sourceX, sourceY, c, height, width, channels);
                }
            }
        }
    }

    private static float Bilinear(ReadOnlySpan<float> image, double x, double y, int channel, int height, int width, int channels)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        var fx = x - x0;
        var fy = y - y0;
        var top = ((1 - fx) * At(image, x0, y0, channel, height, width, channels)) + (fx * At(image, x0 + 1, y0, channel, height, width, channels));
        var bottom = ((1 - fx) * At(image, x0, y0 + 1, channel, height, width, channels)) + (fx * At(image, x0 + 1, y0 + 1, channel, height, width, channels));
        return (float)(((1 - fy) * top) + (fy * bottom));
    }

    /// <summary>A pixel, or background (zero) outside the image.</summary>
    private static float At(ReadOnlySpan<float> image, int x, int y, int channel, int height, int width, int channels) =>
        x < 0 || y < 0 || x >= width || y >= height ? 0f : image[(((y * width) + x) * channels) + channel];

    /// <summary>
    /// Thicker: the maximum over a plus-shaped neighbourhood (about one pixel wider each side).
    /// Thinner: the minimum over a 2 × 2 window (one pixel narrower), which keeps MNIST's 2–4 pixel strokes alive.
    /// </summary>
    private static void ChangeStroke(StrokeChange change, ReadOnlySpan<float> source, Span<float> target, int height, int width, int channels)
    {
        ReadOnlySpan<(int X, int Y)> plus = [(0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)];
        ReadOnlySpan<(int X, int Y)> square = [(0, 0), (1, 0), (0, 1), (1, 1)];
        var neighbourhood = change == StrokeChange.Thicker ? plus : square;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var value = change == StrokeChange.Thicker ? 0f : 1f;
                    foreach (var (ox, oy) in neighbourhood)
                    {
                        var neighbour = At(source, x + ox, y + oy, c, height, width, channels);
                        value = change == StrokeChange.Thicker ? Math.Max(value, neighbour) : Math.Min(value, neighbour);
                    }

                    target[(((y * width) + x) * channels) + c] = value;
                }
            }
        }
    }
}

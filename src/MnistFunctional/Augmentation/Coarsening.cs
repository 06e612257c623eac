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

            var small = PixelResampling.Area(plane, width, height, Side, Side);
            for (var i = 0; i < small.Length; i++)
            {
                small[i] = Quantize(small[i]);
            }

            var large = Smooth ? PixelResampling.Bilinear(small, Side, Side, width, height) : PixelResampling.Area(small, Side, Side, width, height);
            var max = large.Max();
            for (var i = 0; i < plane.Length; i++)
            {
                image[(i * channels) + c] = max > 0 ? large[i] / max : 0f;
            }
        }
    }

    /// <summary><paramref name="value"/> (clamped to 0–1) rounded to the nearest of <paramref name="levels"/> evenly spaced values from 0 to 1.</summary>
    public static float RoundToLevels(float value, int levels) => MathF.Round(Math.Clamp(value, 0f, 1f) * (levels - 1)) / (levels - 1);

    private float Quantize(float value) => Levels switch
    {
        0 => value,
        2 => value >= Threshold ? 1f : 0f,
        _ => RoundToLevels(value, Levels),
    };
}

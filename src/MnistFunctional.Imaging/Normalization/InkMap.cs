namespace MnistFunctional.Imaging.Normalization;

/// <summary>Turns luminance into ink (digit 1, background 0): polarity applied, the background suppressed.</summary>
internal static class InkMap
{
    /// <summary>
    /// The ink of every pixel and the digit's contrast, or null when nothing stands out from the background
    /// (a blank page, or noise too strong to tell a digit from it).
    /// </summary>
    public static (float[] Ink, float Contrast)? Extract(GrayImage image, Background background, LuminanceRange range, NormalizationOptions options)
    {
        var dark = background.Polarity == Polarity.DarkOnLight;
        var level = dark ? 1 - background.Level : background.Level;
        var peak = dark ? 1 - range.Darkest : range.Brightest;
        var contrast = peak - level;
        if (contrast < options.MinimumContrast)
        {
            return null;
        }

        // Relative to the background's level and noise, so grey paper and a noisy photo behave like white paper.
        var threshold = level + Math.Max(options.ThresholdFraction * contrast, options.NoiseSigmas * background.Noise);
        if (threshold >= peak)
        {
            return null;
        }

        var pixels = image.Pixels.AsSpan();
        var ink = new float[pixels.Length];
        for (var i = 0; i < ink.Length; i++)
        {
            var value = dark ? 1 - pixels[i] : pixels[i];
            ink[i] = value < threshold ? 0f : Math.Min(1f, (value - level) / contrast);
        }

        return (ink, contrast);
    }
}

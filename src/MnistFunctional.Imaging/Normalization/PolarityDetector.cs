namespace MnistFunctional.Imaging.Normalization;

/// <summary>Decides whether the digit is darker or lighter than its background.</summary>
public static class PolarityDetector
{
    /// <summary>
    /// The ink is whichever extreme lies further from the border's level: on white paper the darkest content is
    /// far below the background and nothing is above it; on a mid-grey background the comparison still holds.
    /// </summary>
    public static Polarity Decide(Background background, LuminanceRange range)
    {
        ArgumentNullException.ThrowIfNull(background);
        var below = background.Level - range.Darkest;
        var above = range.Brightest - background.Level;
        return below > above ? Polarity.DarkOnLight : Polarity.LightOnDark;
    }

    public static Polarity Detect(GrayImage image) => Decide(Background.Measure(image), LuminanceRange.Of(image));
}

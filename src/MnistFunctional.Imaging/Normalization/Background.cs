namespace MnistFunctional.Imaging.Normalization;

/// <summary>
/// The background behind the digit: which side of the picture's luminance it is on (<see cref="Polarity"/>), its
/// level (<see cref="Level"/>, a median) and its noise (<see cref="Noise"/>, 1.4826 × the median absolute
/// deviation, the standard deviation for Gaussian noise).
/// </summary>
/// <remarks>
/// Otsu's threshold over the whole histogram splits the pixels into a dark and a light class. Which class is the
/// background is weighed from three pieces of evidence, each a fraction of pixels in the light class: along a thin
/// ring at the border, over the whole picture (a digit covers less than half of its picture), and in the four
/// corners (a digit cropped tightly touches the sides but seldom fills the corners). Their sum above 1.5 means a
/// light background. Ink that runs into the border (a tight crop, a scanned form's box) moves the ring's evidence
/// only partly, so the decision and the level survive it, where a ring alone would take ink for paper. Paper is
/// light more often than not, so a light background needs a sum above <see cref="LightPrior"/> only: a tight crop
/// of a bold digit can be more than half ink, along the border too; the corners tell a tiny bitmap of light
/// strokes that fill half of it on dark paper.
/// </remarks>
public sealed record Background(float Level, float Noise, Polarity Polarity)
{
    /// <summary>The ring is this fraction of the shorter side wide (at least one pixel).</summary>
    public const double RingFraction = 0.04;

    /// <summary>The corners are squares this fraction of the shorter side wide (at least one pixel).</summary>
    public const double CornerFraction = 0.1;

    /// <summary>The sum of the three light fractions above which the background is light (1.5 would be no preference).</summary>
    public const double LightPrior = 1.2;

    public static Background Measure(GrayImage image) => Measure(image, light: null);

    /// <summary>
    /// The background taken from the other side of Otsu's split than <see cref="Measure(GrayImage)"/> decided: the
    /// second reading of a picture whose first one found nothing standing out (a tight crop of a digit whose ink
    /// covers about half of it, on dark paper).
    /// </summary>
    public Background Opposite(GrayImage image) => Measure(image, light: Polarity != Polarity.DarkOnLight);

    private static Background Measure(GrayImage image, bool? light)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (width, height) = (image.Width, image.Height);
        var ring = Math.Max(1, (int)(Math.Min(width, height) * RingFraction));
        bool InRing(int i) => i / width < ring || i / width >= height - ring || i % width < ring || i % width >= width - ring;
        var corner = Math.Max(1, (int)Math.Round(Math.Min(width, height) * CornerFraction));
        bool InCorner(int i) => (i / width < corner || i / width >= height - corner) && (i % width < corner || i % width >= width - corner);

        var pixels = image.Pixels.AsSpan();
        var all = LuminanceHistogram.Of(pixels);
        var border = LuminanceHistogram.Of(pixels, InRing);
        if (all.OtsuThreshold() is not { } threshold)
        {
            var level = all.Median(0, LuminanceHistogram.Bins - 1);
            var uniform = light ?? level >= 0.5f;
            return new Background(level, 0, uniform ? Polarity.DarkOnLight : Polarity.LightOnDark);
        }

        var last = LuminanceHistogram.Bins - 1;
        var ringLight = border.CountBetween(threshold + 1, last) / (double)border.Count;
        var allLight = all.CountBetween(threshold + 1, last) / (double)all.Count;
        var corners = LuminanceHistogram.Of(pixels, InCorner);
        var cornerLight = corners.CountBetween(threshold + 1, last) / (double)corners.Count;
        var isLight = light ?? ringLight + allLight + cornerLight > LightPrior;
        var (from, to) = isLight ? (threshold + 1, last) : (0, threshold);

        // The background's own pixels along the ring when there are enough of them, else over the whole picture.
        var evidence = border.CountBetween(from, to) * 8 >= border.Count ? border : all;
        var backgroundLevel = evidence.Median(from, to);
        var spread = evidence.Spread(from, to, backgroundLevel);
        return new Background(backgroundLevel, LocalNoise(image, from, to) is { } local ? Math.Min(spread, local) : spread, isLight ? Polarity.DarkOnLight : Polarity.LightOnDark);
    }

    /// <summary>
    /// The noise as neighbouring background pixels differ (1.4826 × the median absolute difference of right and lower
    /// neighbours both in bins <paramref name="from"/>..<paramref name="to"/>, over √2), or null when no two are
    /// neighbours. A blurry or blocky picture saved larger has many grey pixels between paper and ink, which widen the
    /// background's spread of levels without being noise; neighbours on smooth paper barely differ.
    /// </summary>
    private static float? LocalNoise(GrayImage image, int from, int to)
    {
        var pixels = image.Pixels.AsSpan();
        var background = new bool[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            var bin = LuminanceHistogram.Bin(pixels[i]);
            background[i] = bin >= from && bin <= to;
        }

        var differences = LuminanceHistogram.OfNeighbourDifferences(pixels, image.Width, background);
        return differences.Count == 0 ? null : 1.4826f * differences.Median(0, LuminanceHistogram.Bins - 1) / MathF.Sqrt(2);
    }
}

namespace MnistFunctional.Imaging.Normalization;

/// <summary>
/// Counts of luminance in 256 bins (bin <c>round(v × 255)</c>, the resolution of 8-bit files): medians, spreads and
/// Otsu's threshold in one linear pass, whatever the picture's size.
/// </summary>
public sealed class LuminanceHistogram
{
    public const int Bins = 256;
    private readonly long[] counts;

    private LuminanceHistogram(long[] counts) => this.counts = counts;

    public long Count => counts.Sum();

    public static int Bin(float value) => Math.Clamp((int)MathF.Round(value * (Bins - 1)), 0, Bins - 1);

    public static float Value(int bin) => bin / (float)(Bins - 1);

    /// <summary>The histogram of the pixels for which <paramref name="include"/> holds (all of them when null).</summary>
    public static LuminanceHistogram Of(ReadOnlySpan<float> pixels, Func<int, bool>? include = null)
    {
        var counts = new long[Bins];
        for (var i = 0; i < pixels.Length; i++)
        {
            if (include is null || include(i))
            {
                counts[Bin(pixels[i])]++;
            }
        }

        return new LuminanceHistogram(counts);
    }

    /// <summary>
    /// The histogram of the absolute differences between each pixel and its right and lower neighbours, for the pairs
    /// whose two pixels are both <paramref name="included"/> (a picture of <paramref name="width"/> columns, row by row).
    /// </summary>
    public static LuminanceHistogram OfNeighbourDifferences(ReadOnlySpan<float> pixels, int width, ReadOnlySpan<bool> included)
    {
        var counts = new long[Bins];
        for (var i = 0; i < pixels.Length; i++)
        {
            if (!included[i])
            {
                continue;
            }

            if (i % width < width - 1 && included[i + 1])
            {
                counts[Bin(Math.Abs(pixels[i + 1] - pixels[i]))]++;
            }

            if (i + width < pixels.Length && included[i + width])
            {
                counts[Bin(Math.Abs(pixels[i + width] - pixels[i]))]++;
            }
        }

        return new LuminanceHistogram(counts);
    }

    /// <summary>
    /// Otsu's threshold: the bin that splits the histogram into a dark class (bins ≤ it) and a light class with the
    /// largest between-class variance. Null when all pixels fall in one bin (a uniform picture).
    /// </summary>
    public int? OtsuThreshold()
    {
        var total = (double)Count;
        var sum = 0.0;
        for (var b = 0; b < Bins; b++)
        {
            sum += b * (double)counts[b];
        }

        (double Variance, int Bin)? best = null;
        double darkCount = 0, darkSum = 0;
        for (var b = 0; b < Bins - 1; b++)
        {
            darkCount += counts[b];
            darkSum += b * (double)counts[b];
            var lightCount = total - darkCount;
            if (darkCount == 0 || lightCount == 0)
            {
                continue;
            }

            var difference = (darkSum / darkCount) - ((sum - darkSum) / lightCount);
            var variance = darkCount * lightCount * difference * difference;
            if (best is not { } current || variance > current.Variance)
            {
                best = (variance, b);
            }
        }

        return best?.Bin;
    }

    /// <summary>The number of pixels in bins <paramref name="from"/>..<paramref name="to"/> inclusive.</summary>
    public long CountBetween(int from, int to)
    {
        var count = 0L;
        for (var b = Math.Max(0, from); b <= Math.Min(Bins - 1, to); b++)
        {
            count += counts[b];
        }

        return count;
    }

    /// <summary>The median of the pixels in bins <paramref name="from"/>..<paramref name="to"/>, as a luminance.</summary>
    public float Median(int from, int to) => Value(MedianBin(from, to));

    /// <summary>
    /// 1.4826 × the median absolute deviation from <paramref name="level"/> of the pixels in bins
    /// <paramref name="from"/>..<paramref name="to"/>: the standard deviation for Gaussian noise, ignoring outliers.
    /// </summary>
    public float Spread(int from, int to, float level)
    {
        var centre = Bin(level);
        var deviations = new long[Bins];
        for (var b = Math.Max(0, from); b <= Math.Min(Bins - 1, to); b++)
        {
            deviations[Math.Abs(b - centre)] += counts[b];
        }

        return 1.4826f * Value(new LuminanceHistogram(deviations).MedianBin(0, Bins - 1));
    }

    private int MedianBin(int from, int to)
    {
        var half = (CountBetween(from, to) + 1) / 2;
        var seen = 0L;
        for (var b = Math.Max(0, from); b <= Math.Min(Bins - 1, to); b++)
        {
            seen += counts[b];
            if (seen >= half && seen > 0)
            {
                return b;
            }
        }

        return Math.Max(0, from);
    }
}

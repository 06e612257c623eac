namespace MnistFunctional.Imaging.Normalization;

/// <summary>
/// The background as the image's border shows it: the median luminance of a thin ring along the edges
/// (<see cref="Level"/>) and a robust estimate of its noise (<see cref="Noise"/>, 1.4826 × the median absolute
/// deviation, which equals the standard deviation for Gaussian noise). Medians ignore a digit that touches the edge.
/// </summary>
public sealed record Background(float Level, float Noise)
{
    /// <summary>The ring is this fraction of the shorter side wide (at least one pixel).</summary>
    public const double RingFraction = 0.04;

    public static Background Measure(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var ring = Math.Max(1, (int)(Math.Min(image.Width, image.Height) * RingFraction));
        var border = new List<float>();
        for (var y = 0; y < image.Height; y++)
        {
            var inBand = y < ring || y >= image.Height - ring;
            for (var x = 0; x < image.Width; x++)
            {
                if (inBand || x < ring || x >= image.Width - ring)
                {
                    border.Add(image[x, y]);
                }
            }
        }

        var values = border.ToArray();
        var level = Median(values);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - level);
        }

        return new Background(level, 1.4826f * Median(values));
    }

    private static float Median(float[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}

namespace MnistFunctional.Imaging.Normalization;

/// <summary>
/// Shrinks a large picture before the normalisation, so that its cost stays bounded whatever the megapixels: each
/// block of k × k pixels becomes its inkiest pixel (the darkest for dark ink, the brightest for light ink). A
/// one-pixel pen on a 6000-pixel page stays a full-contrast line instead of averaging away; the strokes grow by
/// less than a block, which is 20/maxSide of a pixel once the digit is scaled to MNIST's 20-pixel box.
/// </summary>
public static class InkPreservingReduction
{
    /// <summary>The picture itself when its longer side is at most <paramref name="maxSide"/>, else the reduced one.</summary>
    public static GrayImage Reduce(GrayImage image, Polarity polarity, int maxSide)
    {
        var factor = Factor(image, maxSide);
        if (factor <= 1)
        {
            return image;
        }

        var (width, height) = ((image.Width + factor - 1) / factor, (image.Height + factor - 1) / factor);
        var dark = polarity == Polarity.DarkOnLight;
        var reduced = new float[width * height];
        Array.Fill(reduced, dark ? float.MaxValue : float.MinValue);
        var pixels = image.Pixels.AsSpan();
        for (var y = 0; y < image.Height; y++)
        {
            var row = pixels.Slice(y * image.Width, image.Width);
            var target = reduced.AsSpan((y / factor) * width, width);
            for (var x = 0; x < image.Width; x++)
            {
                ref var cell = ref target[x / factor];
                cell = dark ? Math.Min(cell, row[x]) : Math.Max(cell, row[x]);
            }
        }

        return GrayImage.Own(width, height, reduced);
    }

    /// <summary>The side of the blocks that <see cref="Reduce"/> merges into one pixel (1: none).</summary>
    public static int Factor(GrayImage image, int maxSide)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        return (Math.Max(image.Width, image.Height) + maxSide - 1) / maxSide;
    }
}

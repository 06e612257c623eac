namespace MnistFunctional.Augmentation;

/// <summary>
/// A rectangle of the image set to background (zero) after the other distortions: Zhong et al.'s (2017) random
/// erasing, as torchvision's <c>RandomErasing</c> (value 0). <see cref="X"/>, <see cref="Y"/> is its top-left pixel.
/// </summary>
public readonly record struct ErasedRegion(int X, int Y, int Width, int Height)
{
    /// <summary>
    /// A rectangle of <paramref name="minArea"/>–<paramref name="maxArea"/> of the image's area with a width-to-height
    /// ratio drawn log-uniformly in [1/<paramref name="maxRatio"/>, <paramref name="maxRatio"/>], clipped to the image,
    /// placed uniformly: four numbers from <paramref name="source"/>.
    /// </summary>
    public static ErasedRegion Draw(Random source, int height, int width, double minArea, double maxArea, double maxRatio)
    {
        var area = height * width * (minArea + ((maxArea - minArea) * source.NextDouble()));
        var ratio = Math.Exp(Math.Log(maxRatio) * ((2 * source.NextDouble()) - 1));
        var w = Math.Clamp((int)Math.Round(Math.Sqrt(area * ratio)), 1, width);
        var h = Math.Clamp((int)Math.Round(Math.Sqrt(area / ratio)), 1, height);
        var x = (int)((width - w + 1) * source.NextDouble());
        var y = (int)((height - h + 1) * source.NextDouble());
        return new ErasedRegion(x, y, w, h);
    }

    /// <summary>Sets the rectangle's pixels, every channel, to zero.</summary>
    public void Apply(Span<float> image, int width, int channels)
    {
        for (var row = Y; row < Y + Height; row++)
        {
            image.Slice(((row * width) + X) * channels, Width * channels).Clear();
        }
    }
}

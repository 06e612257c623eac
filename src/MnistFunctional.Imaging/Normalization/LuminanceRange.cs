namespace MnistFunctional.Imaging.Normalization;

/// <summary>
/// The darkest and the brightest 3×3 neighbourhood mean of an image: the extremes of its content with single noisy
/// pixels averaged away (a salt-and-pepper speck moves a 3×3 mean by at most 1/9).
/// </summary>
public readonly record struct LuminanceRange(float Darkest, float Brightest)
{
    public static LuminanceRange Of(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (width, height) = (image.Width, image.Height);
        var pixels = image.Pixels.AsSpan();

        // Sums over three columns, then over three rows of those; neighbourhoods are clipped at the edges.
        var rows = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var from = Math.Max(0, x - 1);
                var to = Math.Min(width - 1, x + 1);
                var sum = 0f;
                for (var i = from; i <= to; i++)
                {
                    sum += row[i];
                }

                rows[(y * width) + x] = sum / (to - from + 1);
            }
        }

        var (darkest, brightest) = (float.MaxValue, float.MinValue);
        for (var y = 0; y < height; y++)
        {
            var from = Math.Max(0, y - 1);
            var to = Math.Min(height - 1, y + 1);
            for (var x = 0; x < width; x++)
            {
                var sum = 0f;
                for (var j = from; j <= to; j++)
                {
                    sum += rows[(j * width) + x];
                }

                var mean = sum / (to - from + 1);
                darkest = Math.Min(darkest, mean);
                brightest = Math.Max(brightest, mean);
            }
        }

        return new LuminanceRange(darkest, brightest);
    }
}

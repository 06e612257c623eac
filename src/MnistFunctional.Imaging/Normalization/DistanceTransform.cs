namespace MnistFunctional.Imaging.Normalization;

/// <summary>
/// For every pixel of a binary mask, the distance in pixels to the nearest pixel outside it (the chamfer 3-4
/// approximation of the Euclidean distance, within 8% of it; two passes, linear in the pixels). Pixels outside the
/// mask, and beyond the raster's edge, count as background.
/// </summary>
public static class DistanceTransform
{
    public static float[] ToBackground(ReadOnlySpan<bool> mask, int width, int height)
    {
        if (mask.Length != width * height)
        {
            throw new ArgumentException($"A {width}×{height} raster has {width * height} pixels, not {mask.Length}.", nameof(mask));
        }

        const int Straight = 3, Diagonal = 4;
        var steps = new int[mask.Length];
        int At(int x, int y) => x < 0 || y < 0 || x >= width || y >= height ? 0 : steps[(y * width) + x];

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                steps[(y * width) + x] = !mask[(y * width) + x] ? 0 : Math.Min(
                    Math.Min(At(x - 1, y) + Straight, At(x, y - 1) + Straight),
                    Math.Min(At(x - 1, y - 1) + Diagonal, At(x + 1, y - 1) + Diagonal));
            }
        }

        for (var y = height - 1; y >= 0; y--)
        {
            for (var x = width - 1; x >= 0; x--)
            {
                var index = (y * width) + x;
                steps[index] = Math.Min(steps[index], Math.Min(
                    Math.Min(At(x + 1, y) + Straight, At(x, y + 1) + Straight),
                    Math.Min(At(x + 1, y + 1) + Diagonal, At(x - 1, y + 1) + Diagonal)));
            }
        }

        return Array.ConvertAll(steps, s => s / (float)Straight);
    }
}

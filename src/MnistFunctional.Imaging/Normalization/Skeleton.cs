namespace MnistFunctional.Imaging.Normalization;

/// <summary>
/// The centre lines of a binary mask's strokes, one pixel wide and 8-connected (Zhang and Suen's thinning, 1984):
/// boundary pixels are peeled off in alternating passes until only pixels whose removal would cut a stroke or
/// shorten its end remain.
/// </summary>
public static class Skeleton
{
    public static bool[] Thin(ReadOnlySpan<bool> mask, int width, int height)
    {
        if (mask.Length != width * height)
        {
            throw new ArgumentException($"A {width}×{height} raster has {width * height} pixels, not {mask.Length}.", nameof(mask));
        }

        var current = mask.ToArray();
        var remove = new List<int>();
        for (var changed = true; changed;)
        {
            changed = false;
            for (var pass = 0; pass < 2; pass++)
            {
                remove.Clear();
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        if (current[(y * width) + x] && Removable(current, width, height, x, y, pass))
                        {
                            remove.Add((y * width) + x);
                        }
                    }
                }

                foreach (var index in remove)
                {
                    current[index] = false;
                }

                changed |= remove.Count > 0;
            }
        }

        return current;
    }

    private static bool Removable(bool[] mask, int width, int height, int x, int y, int pass)
    {
        bool At(int dx, int dy) => x + dx >= 0 && y + dy >= 0 && x + dx < width && y + dy < height && mask[((y + dy) * width) + x + dx];

        // Neighbours P2..P9 clockwise from north.
        Span<bool> p = [At(0, -1), At(1, -1), At(1, 0), At(1, 1), At(0, 1), At(-1, 1), At(-1, 0), At(-1, -1)];
        var count = 0;
        var transitions = 0;
        for (var i = 0; i < 8; i++)
        {
            count += p[i] ? 1 : 0;
            transitions += !p[i] && p[(i + 1) % 8] ? 1 : 0;
        }

        if (count is < 2 or > 6 || transitions != 1)
        {
            return false;
        }

        // Pass 0: P2·P4·P6 = 0 and P4·P6·P8 = 0 (south-east boundary); pass 1: P2·P4·P8 = 0 and P2·P6·P8 = 0.
        var (north, east, south, west) = (p[0], p[2], p[4], p[6]);
        return pass == 0
            ? !(north && east && south) && !(east && south && west)
            : !(north && east && west) && !(north && south && west);
    }
}

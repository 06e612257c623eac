namespace MnistFunctional.Imaging.Normalization;

/// <summary>Separates the digit from specks of noise by the 8-connected blobs of ink.</summary>
internal static class InkComponents
{
    /// <summary>
    /// Clears every blob whose ink is less than <paramref name="speckFraction"/> of the heaviest blob's (in place, on
    /// the caller's own buffer) and returns what is left, or null when there is no ink.
    /// </summary>
    public static InkPieces? KeepDigit(float[] ink, int width, int height, float speckFraction)
    {
        var labels = new int[ink.Length];
        var masses = new List<double> { 0 };
        var boxes = new List<PixelBox> { default };
        var stack = new Stack<int>();
        for (var start = 0; start < ink.Length; start++)
        {
            if (ink[start] <= 0 || labels[start] != 0)
            {
                continue;
            }

            var label = masses.Count;
            var mass = 0.0;
            var (left0, top0, right0, bottom0) = (width, height, -1, -1);
            labels[start] = label;
            stack.Push(start);
            while (stack.TryPop(out var index))
            {
                mass += ink[index];
                var (x, y) = (index % width, index / width);
                (left0, top0, right0, bottom0) = (Math.Min(left0, x), Math.Min(top0, y), Math.Max(right0, x), Math.Max(bottom0, y));
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var (nx, ny) = (x + dx, y + dy);
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height)
                        {
                            continue;
                        }

                        var neighbour = (ny * width) + nx;
                        if (ink[neighbour] > 0 && labels[neighbour] == 0)
                        {
                            labels[neighbour] = label;
                            stack.Push(neighbour);
                        }
                    }
                }
            }

            masses.Add(mass);
            boxes.Add(new PixelBox(left0, top0, right0 - left0 + 1, bottom0 - top0 + 1));
        }

        if (masses.Count == 1)
        {
            return null;
        }

        var heaviest = masses.IndexOf(masses.Max());
        var keep = masses[heaviest] * speckFraction;
        var kept = masses.Count(m => m >= keep);
        var (left, top, right, bottom) = (width, height, -1, -1);
        for (var i = 0; i < ink.Length; i++)
        {
            if (labels[i] == 0)
            {
                continue;
            }

            if (masses[labels[i]] < keep)
            {
                ink[i] = 0;
                continue;
            }

            var (x, y) = (i % width, i / width);
            (left, top) = (Math.Min(left, x), Math.Min(top, y));
            (right, bottom) = (Math.Max(right, x), Math.Max(bottom, y));
        }

        var largest = boxes[heaviest];
        return new InkPieces(new PixelBox(left, top, right - left + 1, bottom - top + 1), kept, Math.Max(largest.Width, largest.Height));
    }
}

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// A "7" drawn procedurally on a 28×28 canvas (a horizontal bar and a diagonal stroke with soft edges),
/// so layer snapshots need no data from outside the project.
/// </summary>
internal static class DrawnDigit
{
    public static float[] Seven()
    {
        var pixels = new float[28 * 28];
        Stroke(pixels, (7, 7), (21, 7));
        Stroke(pixels, (21, 7), (11, 23));
        return pixels;
    }

    private static void Stroke(float[] pixels, (double X, double Y) from, (double X, double Y) to)
    {
        for (var y = 0; y < 28; y++)
        {
            for (var x = 0; x < 28; x++)
            {
                var distance = DistanceToSegment(x, y, from, to);
                var ink = Math.Clamp(2.0 - distance, 0.0, 1.0);
                pixels[(y * 28) + x] = (float)Math.Max(pixels[(y * 28) + x], ink);
            }
        }
    }

    private static double DistanceToSegment(double x, double y, (double X, double Y) a, (double X, double Y) b)
    {
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var t = Math.Clamp((((x - a.X) * dx) + ((y - a.Y) * dy)) / ((dx * dx) + (dy * dy)), 0, 1);
        return Math.Sqrt(Math.Pow(x - (a.X + (t * dx)), 2) + Math.Pow(y - (a.Y + (t * dy)), 2));
    }
}

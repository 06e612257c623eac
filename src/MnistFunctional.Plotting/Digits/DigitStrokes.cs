using System.Collections.Immutable;

namespace MnistFunctional.Plotting.Digits;

/// <summary>
/// The pen strokes of the digits 0–9, drawn by hand for this project as polylines in a box 0.6 wide and 1 high
/// (x right, y down), shaped like typical MNIST handwriting. Curves are sampled ellipse arcs.
/// </summary>
public static class DigitStrokes
{
    public const float BoxWidth = 0.6f;

    /// <summary>The polylines of <paramref name="digit"/>, each a list of (x, y) points in the 0.6 × 1 box.</summary>
    public static ImmutableArray<ImmutableArray<(float X, float Y)>> Of(int digit) => digit switch
    {
        0 => [Arc(0.30f, 0.50f, 0.26f, 0.47f, 0, 360)],
        1 => [[(0.36f, 0.02f), (0.25f, 0.98f)]],
        2 => [[.. Arc(0.30f, 0.27f, 0.24f, 0.24f, 200, 385), (0.35f, 0.60f), (0.05f, 0.97f), (0.58f, 0.96f)]],
        3 => [[.. Arc(0.29f, 0.25f, 0.22f, 0.23f, 210, 450), .. Arc(0.29f, 0.72f, 0.26f, 0.25f, 270, 510)]],
        4 => [[(0.46f, 0.98f), (0.46f, 0.02f), (0.03f, 0.66f), (0.60f, 0.66f)]],
        5 => [[(0.56f, 0.03f), (0.13f, 0.03f), (0.09f, 0.43f), .. Arc(0.29f, 0.67f, 0.27f, 0.30f, 235, 505)]],
        6 => [[(0.48f, 0.02f), (0.28f, 0.20f), (0.12f, 0.45f), .. Arc(0.31f, 0.72f, 0.24f, 0.25f, 180, 540)]],
        7 => [[(0.03f, 0.04f), (0.58f, 0.04f), (0.24f, 0.98f)]],
        8 => [Arc(0.30f, 0.25f, 0.20f, 0.23f, 90, 450), Arc(0.30f, 0.73f, 0.26f, 0.25f, -90, 270)],
        9 => [[.. Arc(0.30f, 0.28f, 0.24f, 0.26f, 0, 360), (0.52f, 0.50f), (0.46f, 0.98f)]],
        _ => throw new ArgumentOutOfRangeException(nameof(digit), digit, "A digit is 0 to 9."),
    };

    /// <summary>Points along an ellipse from angle <paramref name="from"/> to <paramref name="to"/> degrees (0 = right, 90 = down).</summary>
    private static ImmutableArray<(float X, float Y)> Arc(float cx, float cy, float rx, float ry, float from, float to)
    {
        var steps = (int)Math.Ceiling(Math.Abs(to - from) / 10);
        return [.. Enumerable.Range(0, steps + 1).Select(i =>
        {
            var angle = (from + ((to - from) * i / steps)) * Math.PI / 180;
            return ((float)(cx + (rx * Math.Cos(angle))), (float)(cy + (ry * Math.Sin(angle))));
        })];
    }
}

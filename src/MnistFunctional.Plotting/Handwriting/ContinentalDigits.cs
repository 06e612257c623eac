using SkiaSharp;

namespace MnistFunctional.Plotting.Handwriting;

/// <summary>
/// The continental European shapes MNIST (written by Americans) barely has: a 1 with a long up-stroke, a 7 with a
/// crossbar and an open-top 4, drawn as pen strokes with a seeded wobble, slant and pen width.
/// </summary>
public static class ContinentalDigits
{
    public static IReadOnlyList<int> Digits { get; } = [1, 4, 7];

    /// <summary>The digit's strokes in a unit box (x 0–0.7, y 0–1, y down).</summary>
    public static IReadOnlyList<(float X, float Y)[]> Strokes(int digit) => digit switch
    {
        1 => [[(0.05f, 0.42f), (0.45f, 0f), (0.45f, 1f)]],
        4 => [[(0.12f, 0f), (0.05f, 0.62f), (0.7f, 0.62f)], [(0.52f, 0.05f), (0.52f, 1f)]],
        7 => [[(0.02f, 0.05f), (0.7f, 0f), (0.25f, 1f)], [(0.18f, 0.52f), (0.62f, 0.5f)]],
        _ => throw new ArgumentOutOfRangeException(nameof(digit), digit, "Continental shapes are drawn for 1, 4 and 7."),
    };

    /// <summary>The digit <paramref name="height"/> pixels tall, drawn by a hand that <paramref name="random"/> varies.</summary>
    public static InkRaster Render(int digit, int height, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var pen = height * (0.05f + (0.08f * random.NextSingle()));
        var slant = (random.NextSingle() - 0.3f) * 0.4f;
        var margin = (int)Math.Ceiling(pen + (height * 0.3f));
        var (width, rows) = ((int)(0.7f * height) + (2 * margin), height + (2 * margin));
        using var bitmap = new SKBitmap(new SKImageInfo(width, rows, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint
            {
                IsAntialias = true,
                Color = SKColors.Black,
                Style = SKPaintStyle.Stroke,
                StrokeWidth = pen,
                StrokeCap = SKStrokeCap.Round,
                StrokeJoin = SKStrokeJoin.Round,
            };
            foreach (var stroke in Strokes(digit))
            {
                using var path = new SKPath();
                for (var i = 0; i < stroke.Length; i++)
                {
                    var (x, y) = stroke[i];
                    var wobble = 0.06f * height;
                    var point = new SKPoint(
                        margin + ((x + (slant * (0.5f - y))) * height) + ((random.NextSingle() - 0.5f) * wobble),
                        margin + (y * height) + ((random.NextSingle() - 0.5f) * wobble));
                    if (i == 0)
                    {
                        path.MoveTo(point);
                    }
                    else
                    {
                        path.LineTo(point);
                    }
                }

                canvas.DrawPath(path, paint);
            }
        }

        var ink = new float[width * rows];
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < ink.Length; i++)
        {
            ink[i] = 1 - (pixels[i * 4] / 255f);
        }

        return InkRaster.Own(width, rows, ink).CropToInk(margin: 6);
    }
}

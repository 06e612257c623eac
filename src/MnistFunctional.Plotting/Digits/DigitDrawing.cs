using MnistFunctional.IO;
using ScottPlot;
using SkiaSharp;

namespace MnistFunctional.Plotting.Digits;

/// <summary>
/// Draws a digit from <see cref="DigitStrokes"/> with SkiaSharp (round pen, anti-aliased) and encodes it as PNG or
/// JPEG: test images and demo samples the project makes itself instead of taking them from a dataset.
/// </summary>
public static class DigitDrawing
{
    /// <summary>The encoded file (PNG or JPEG bytes) of <paramref name="digit"/> drawn in <paramref name="style"/>.</summary>
    public static byte[] Render(int digit, DigitStyle? style = null)
    {
        style ??= DigitStyle.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(style.Width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(style.Height, 1);
        var strokes = DigitStrokes.Of(digit);
        using var bitmap = new SKBitmap(new SKImageInfo(style.Width, style.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(ToSkia(style.Paper));
            var scale = style.DigitHeight * style.Height;
            var left = (style.CenterX * style.Width) - (DigitStrokes.BoxWidth / 2 * scale);
            var top = (style.CenterY * style.Height) - (scale / 2);
            using var pen = new SKPaint
            {
                IsAntialias = true,
                Style = SKPaintStyle.Stroke,
                StrokeCap = SKStrokeCap.Round,
                StrokeJoin = SKStrokeJoin.Round,
                StrokeWidth = Math.Max(0.5f, style.StrokeWidth * scale),
                Color = ToSkia(style.Ink),
            };
            foreach (var stroke in strokes)
            {
                using var path = new SKPath();
                for (var i = 0; i < stroke.Length; i++)
                {
                    var (x, y) = stroke[i];
                    var point = new SKPoint(left + ((x + (style.Slant * (0.5f - y))) * scale), top + (y * scale));
                    if (i == 0)
                    {
                        path.MoveTo(point);
                    }
                    else
                    {
                        path.LineTo(point);
                    }
                }

                canvas.DrawPath(path, pen);
            }
        }

        if (style.Noise > 0)
        {
            AddNoise(bitmap, style.Noise, style.Seed);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = style.Format == DigitFileFormat.Jpeg
            ? image.Encode(SKEncodedImageFormat.Jpeg, style.Quality)
            : image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Renders and writes the file atomically.</summary>
    public static void Save(string path, int digit, DigitStyle? style = null) =>
        AtomicFile.Write(path, Render(digit, style), createFolder: true);

    private static SKColor ToSkia(Color color) => new(color.R, color.G, color.B, color.A);

    // The same gray noise on R, G and B (Box–Muller from a seeded source), so the noise is in luminance only.
    private static void AddNoise(SKBitmap bitmap, float sigma, int seed)
    {
        var random = new Random(seed);
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var delta = (int)Math.Round(gaussian * sigma);
            for (var c = 0; c < 3; c++)
            {
                pixels[i + c] = (byte)Math.Clamp(pixels[i + c] + delta, 0, 255);
            }
        }
    }
}

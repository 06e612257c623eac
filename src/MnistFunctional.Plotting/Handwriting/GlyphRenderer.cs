using SkiaSharp;

namespace MnistFunctional.Plotting.Handwriting;

/// <summary>Renders a digit in a font file with SkiaSharp: anti-aliased ink coverage, cropped to the glyph with a margin.</summary>
public static class GlyphRenderer
{
    /// <summary>
    /// The digit about <paramref name="height"/> pixels tall; <paramref name="bolden"/> strokes the outline too, with
    /// a pen that fraction of the height (thicker strokes); <paramref name="slant"/> shears the top to the right.
    /// </summary>
    public static InkRaster Render(string fontFile, int digit, int height, float bolden = 0, float slant = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bolden);
        using var typeface = SKTypeface.FromFile(fontFile) ?? throw new InvalidOperationException($"{fontFile}: not a font SkiaSharp can read.");
        using var font = new SKFont(typeface, height);
        using var path = font.GetTextPath(digit.ToString(System.Globalization.CultureInfo.InvariantCulture), new SKPoint(0, 0));
        var bounds = path.TightBounds;
        if (bounds.Height <= 0)
        {
            throw new InvalidOperationException($"{fontFile}: has no glyph for {digit}.");
        }

        // Scale the glyph so its ink is `height` tall whatever the font's digit height.
        var scale = height / bounds.Height;
        var pen = bolden * height;
        var margin = (int)Math.Ceiling(pen + 4 + (Math.Abs(slant) * height));
        var (width, rows) = ((int)Math.Ceiling(bounds.Width * scale) + (2 * margin), height + (2 * margin));
        using var bitmap = new SKBitmap(new SKImageInfo(width, rows, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            canvas.Translate(margin, margin);
            canvas.Translate(0, height / 2f);
            canvas.Skew(-slant, 0);
            canvas.Translate(0, -height / 2f);
            canvas.Scale(scale);
            canvas.Translate(-bounds.Left, -bounds.Top);
            using var paint = new SKPaint
            {
                IsAntialias = true,
                Color = SKColors.Black,
                Style = pen > 0 ? SKPaintStyle.StrokeAndFill : SKPaintStyle.Fill,
                StrokeWidth = pen / scale,
                StrokeJoin = SKStrokeJoin.Round,
            };
            canvas.DrawPath(path, paint);
        }

        var ink = new float[width * rows];
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < ink.Length; i++)
        {
            ink[i] = 1 - (pixels[i * 4] / 255f);
        }

        return InkRaster.Own(width, rows, ink).CropToInk(margin: 2);
    }
}

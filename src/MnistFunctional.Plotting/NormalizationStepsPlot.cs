using MnistFunctional.Imaging.Normalization;
using MnistFunctional.IO;
using SkiaSharp;

namespace MnistFunctional.Plotting;

/// <summary>
/// The normalisation of each file, step by step (<see cref="MnistNormalizer.Explain"/>): one row per file, one
/// picture per step with its name, and the verdict or the reason no digit was found, so a user can see where a
/// misread digit went wrong.
/// </summary>
public static class NormalizationStepsPlot
{
    private const int Picture = 112;
    private const int Padding = 10;
    private const int Label = 34;
    private const int Column = Picture + Padding;
    private const int NameWidth = 220;
    private const int RowHeight = Padding + Picture + Label;

    /// <summary>One row: the file, its trace and what the model read (null when no digit was found).</summary>
    public sealed record Row(string File, NormalizationTrace Trace, string? Verdict);

    public static byte[] RenderPng(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var columns = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Trace.Steps.Length));
        var (width, height) = (NameWidth + (columns * Column) + Padding, Math.Max(1, rows.Count) * RowHeight + Padding);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var family = PredictionGridPlot.SansSerifFamily();
        using var nameFont = new SKFont(ScottPlot.Fonts.GetTypeface(family, bold: true, italic: false), 13);
        using var smallFont = new SKFont(ScottPlot.Fonts.GetTypeface(family, bold: false, italic: false), 11);
        using var ink = new SKPaint { IsAntialias = true, Color = SKColors.Black };
        using var warning = new SKPaint { IsAntialias = true, Color = new SKColor(0xB0, 0x20, 0x20) };
        using var frame = new SKPaint { Style = SKPaintStyle.Stroke, Color = new SKColor(0xCC, 0xCC, 0xCC), StrokeWidth = 1 };
        for (var r = 0; r < rows.Count; r++)
        {
            var (row, top) = (rows[r], Padding + (r * RowHeight));
            canvas.DrawText(PredictionGridPlot.Fit(row.File, nameFont, NameWidth - Padding, keepEnd: true), Padding, top + 16, SKTextAlign.Left, nameFont, ink);
            var verdict = row.Verdict ?? $"no digit: {row.Trace.Rejection}";
            DrawWrapped(canvas, verdict, Padding, top + 36, NameWidth - (2 * Padding), smallFont, row.Verdict is null ? warning : ink);
            for (var s = 0; s < row.Trace.Steps.Length; s++)
            {
                var step = row.Trace.Steps[s];
                var box = SKRect.Create(NameWidth + (s * Column), top, Picture, Picture);
                canvas.DrawRect(box, frame);
                DrawFitted(canvas, step, box);
                var caption = PredictionGridPlot.Fit($"{step.Name} ({step.Width}×{step.Height})", smallFont, Column - 4, keepEnd: false);
                canvas.DrawText(caption, box.MidX, box.Bottom + 14, SKTextAlign.Center, smallFont, ink);
            }
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static void Save(string path, IReadOnlyList<Row> rows) => AtomicFile.Write(path, RenderPng(rows), createFolder: true);

    private static void DrawFitted(SKCanvas canvas, NormalizationStep step, SKRect box)
    {
        var gray = step.Pixels.Select(v => (byte)Math.Round(Math.Clamp(v, 0f, 1f) * 255)).ToArray();
        var info = new SKImageInfo(step.Width, step.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, gray, info.RowBytes);
        var scale = Math.Min(box.Width / step.Width, box.Height / step.Height);
        var (w, h) = (step.Width * scale, step.Height * scale);
        var sampling = scale >= 2 ? new SKSamplingOptions(SKFilterMode.Nearest) : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        canvas.DrawImage(image, SKRect.Create(box.MidX - (w / 2), box.MidY - (h / 2), w, h), sampling);
    }

    private static void DrawWrapped(SKCanvas canvas, string text, float left, float top, float width, SKFont font, SKPaint paint)
    {
        var line = string.Empty;
        foreach (var word in text.Split(' '))
        {
            var longer = line.Length == 0 ? word : line + " " + word;
            if (font.MeasureText(longer) > width && line.Length > 0)
            {
                canvas.DrawText(line, left, top, SKTextAlign.Left, font, paint);
                (line, top) = (word, top + 14);
            }
            else
            {
                line = longer;
            }
        }

        canvas.DrawText(line, left, top, SKTextAlign.Left, font, paint);
    }
}

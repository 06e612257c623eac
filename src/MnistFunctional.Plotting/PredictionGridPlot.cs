using MnistFunctional.Imaging;
using MnistFunctional.Imaging.Reading;
using MnistFunctional.IO;
using SkiaSharp;

namespace MnistFunctional.Plotting;

/// <summary>
/// The seed's picture of predictions, extended: for each image its original (thumbnail), the 28×28 the model saw,
/// and the verdict, in a grid drawn with SkiaSharp and the system's sans-serif font (via ScottPlot).
/// </summary>
public static class PredictionGridPlot
{
    /// <summary>The width of one tile in pixels; the grid is this many times its columns wide.</summary>
    public const int TileWidth = (2 * Picture) + Gap + (2 * Padding);

    private const int Picture = 96;
    private const int Gap = 8;
    private const int Padding = 10;
    private const int TileHeight = Padding + 18 + Picture + 30 + Padding;
    private const int TitleHeight = 40;

    /// <summary>The grid as PNG bytes, <paramref name="columns"/> tiles wide (fewer when there are fewer tiles).</summary>
    public static byte[] RenderPng(IReadOnlyList<PredictionTile> tiles, string title, int columns = 4)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        columns = Math.Max(1, Math.Min(columns, tiles.Count));
        var rows = Math.Max(1, (tiles.Count + columns - 1) / columns);
        // At least two tiles wide, so a title fits above a single picture.
        var (width, height) = (Math.Max(2, columns) * TileWidth, TitleHeight + (rows * TileHeight));

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var family = SansSerifFamily();
        var typeface = ScottPlot.Fonts.GetTypeface(family, bold: false, italic: false);
        var bold = ScottPlot.Fonts.GetTypeface(family, bold: true, italic: false);
        using var titleFont = new SKFont(bold, 18);
        using var nameFont = new SKFont(typeface, 12);
        using var verdictFont = new SKFont(bold, 20);
        using var ink = new SKPaint { IsAntialias = true, Color = SKColors.Black };
        using var faint = new SKPaint { IsAntialias = true, Color = new SKColor(0x66, 0x66, 0x66) };
        using var frame = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Stroke, Color = new SKColor(0xCC, 0xCC, 0xCC), StrokeWidth = 1 };

        canvas.DrawText(Fit(title, titleFont, width - (2 * Padding), keepEnd: false), width / 2f, 27, SKTextAlign.Center, titleFont, ink);
        for (var i = 0; i < tiles.Count; i++)
        {
            var tile = tiles[i];
            var (left, top) = ((i % columns) * TileWidth, TitleHeight + ((i / columns) * TileHeight));
            canvas.DrawText(Fit(tile.File, nameFont, TileWidth - (2 * Padding), keepEnd: true), left + (TileWidth / 2f), top + Padding + 12, SKTextAlign.Center, nameFont, faint);

            var pictureTop = top + Padding + 18;
            var original = SKRect.Create(left + Padding, pictureTop, Picture, Picture);
            var seen = SKRect.Create(left + Padding + Picture + Gap, pictureTop, Picture, Picture);
            DrawFitted(canvas, ToSkia(tile.Picture.Original), original);
            canvas.DrawRect(original, frame);
            if (tile.Picture.Seen is { } input)
            {
                using var model = ToSkia(input);
                canvas.DrawImage(model, seen, new SKSamplingOptions(SKFilterMode.Nearest));
            }
            else
            {
                canvas.DrawRect(seen, frame);
            }

            canvas.DrawText(tile.Verdict, left + (TileWidth / 2f), pictureTop + Picture + 25, SKTextAlign.Center, verdictFont, ink);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>Renders the grid and writes it to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IReadOnlyList<PredictionTile> tiles, string title, int columns = 4) =>
        AtomicFile.Write(path, RenderPng(tiles, title, columns), createFolder: true);

    /// <summary>Scales the thumbnail to fit the box keeping its aspect ratio; small images are enlarged without blurring.</summary>
    private static void DrawFitted(SKCanvas canvas, SKImage image, SKRect box)
    {
        using (image)
        {
            var scale = Math.Min(box.Width / image.Width, box.Height / image.Height);
            var (w, h) = (image.Width * scale, image.Height * scale);
            var target = SKRect.Create(box.MidX - (w / 2), box.MidY - (h / 2), w, h);
            var sampling = scale >= 2 ? new SKSamplingOptions(SKFilterMode.Nearest) : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
            canvas.DrawImage(image, target, sampling);
        }
    }

    private static SKImage ToSkia(RgbaImage picture)
    {
        var info = new SKImageInfo(picture.Width, picture.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        return SKImage.FromPixelCopy(info, picture.Pixels.AsSpan(), info.RowBytes);
    }

    // The model's view in MNIST's own colours: ink white on black.
    private static SKImage ToSkia(MnistImage input)
    {
        var gray = new byte[MnistImage.PixelCount];
        for (var i = 0; i < gray.Length; i++)
        {
            gray[i] = (byte)Math.Round(Math.Clamp(input.Pixels[i], 0f, 1f) * 255);
        }

        var info = new SKImageInfo(MnistImage.Size, MnistImage.Size, SKColorType.Gray8, SKAlphaType.Opaque);
        return SKImage.FromPixelCopy(info, gray, info.RowBytes);
    }

    /// <summary>A common sans-serif family that is installed (fontconfig's default can be a serif), else ScottPlot's default.</summary>
    internal static string SansSerifFamily()
    {
        var installed = SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        string[] preferred = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "Segoe UI", "Arial", "Helvetica"];
        return preferred.FirstOrDefault(installed.Contains) ?? ScottPlot.Fonts.Default;
    }

    /// <summary>The text, shortened with "…" until it fits: a path keeps its end (the file name), a title its start.</summary>
    internal static string Fit(string text, SKFont font, float width, bool keepEnd)
    {
        for (var cut = 0; cut < text.Length; cut++)
        {
            var shorter = cut == 0 ? text : keepEnd ? "…" + text[cut..] : text[..^cut] + "…";
            if (font.MeasureText(shorter) <= width)
            {
                return shorter;
            }
        }

        return "…";
    }
}

using SkiaSharp;

namespace MnistFunctional.Plotting.Handwriting;

/// <summary>Encodes an <see cref="InkRaster"/> as the files the handwriting test set holds (SkiaSharp encoders).</summary>
public static class InkEncoding
{
    /// <summary>Ink of luminance <paramref name="ink"/> on paper of luminance <paramref name="paper"/> (0–1), as PNG or JPEG.</summary>
    public static byte[] Gray(InkRaster raster, float paper, float ink, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int quality = 100)
    {
        ArgumentNullException.ThrowIfNull(raster);
        return Encode(raster, format, quality, coverage =>
        {
            var level = (byte)Math.Clamp(Math.Round(255 * (paper + ((ink - paper) * coverage))), 0, 255);
            return new SKColor(level, level, level, 255);
        });
    }

    /// <summary>Black ink whose alpha is the coverage, on a transparent background (a drawing program's export), as PNG.</summary>
    public static byte[] Transparent(InkRaster raster)
    {
        ArgumentNullException.ThrowIfNull(raster);
        return Encode(raster, SKEncodedImageFormat.Png, 100, coverage => new SKColor(0, 0, 0, (byte)Math.Clamp(Math.Round(255 * coverage), 0, 255)));
    }

    private static byte[] Encode(InkRaster raster, SKEncodedImageFormat format, int quality, Func<float, SKColor> colour)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(raster.Width, raster.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < raster.Height; y++)
        {
            for (var x = 0; x < raster.Width; x++)
            {
                bitmap.SetPixel(x, y, colour(Math.Clamp(raster[x, y], 0f, 1f)));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }
}

using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MnistFunctional.Augmentation;
using MnistFunctional.Imaging.Normalization;
using SkiaSharp;

namespace MnistFunctional.Plotting.Handwriting;

/// <summary>
/// A digit as ink coverage (0 paper, 1 ink) row by row, and the pure transformations the handwriting test set
/// applies to it: each returns a new raster.
/// </summary>
public sealed record InkRaster(int Width, int Height, ImmutableArray<float> Ink)
{
    public float this[int x, int y] => Ink[(y * Width) + x];

    public static InkRaster Own(int width, int height, float[] ink) => new(width, height, ImmutableCollectionsMarshal.AsImmutableArray(ink));

    /// <summary>The ink of black drawn on a white bitmap: one minus the red channel.</summary>
    public static InkRaster FromBitmap(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        var pixels = bitmap.GetPixelSpan();
        var step = bitmap.BytesPerPixel;
        var ink = new float[bitmap.Width * bitmap.Height];
        for (var i = 0; i < ink.Length; i++)
        {
            ink[i] = 1 - (pixels[i * step] / 255f);
        }

        return Own(bitmap.Width, bitmap.Height, ink);
    }

    /// <summary>A 28×28 MNIST image as it is (MNIST is ink on black already).</summary>
    public static InkRaster FromMnist(ReadOnlySpan<float> pixels, int size) => Own(size, size, pixels.ToArray());

    /// <summary>The box around the ink (coverage above <paramref name="level"/>), or null when there is none.</summary>
    public PixelBox? InkBox(float level = 0.1f)
    {
        var (left, top, right, bottom) = (Width, Height, -1, -1);
        for (var i = 0; i < Ink.Length; i++)
        {
            if (Ink[i] > level)
            {
                (left, top) = (Math.Min(left, i % Width), Math.Min(top, i / Width));
                (right, bottom) = (Math.Max(right, i % Width), Math.Max(bottom, i / Width));
            }
        }

        return right < 0 ? null : new PixelBox(left, top, right - left + 1, bottom - top + 1);
    }

    /// <summary>
    /// The ink's box grown by <paramref name="margin"/> pixels on every side (a negative margin cuts into the ink, as a
    /// careless crop does); paper is added where the box leaves the raster.
    /// </summary>
    public InkRaster CropToInk(int margin)
    {
        var box = InkBox() ?? new PixelBox(0, 0, Width, Height);
        var (left, top) = (box.X - margin, box.Y - margin);
        var (width, height) = (Math.Max(1, box.Width + (2 * margin)), Math.Max(1, box.Height + (2 * margin)));
        var ink = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (sx, sy) = (left + x, top + y);
                ink[(y * width) + x] = sx >= 0 && sy >= 0 && sx < Width && sy < Height ? this[sx, sy] : 0f;
            }
        }

        return Own(width, height, ink);
    }

    /// <summary>Resized so the longer side is <paramref name="side"/> pixels (anti-aliased, the normaliser's own resampler).</summary>
    public InkRaster ScaleTo(int side)
    {
        var scale = side / (double)Math.Max(Width, Height);
        var (width, height) = (Math.Max(1, (int)Math.Round(Width * scale)), Math.Max(1, (int)Math.Round(Height * scale)));
        return Own(width, height, Resampler.Resize(Ink.AsSpan(), Width, Height, width, height));
    }

    /// <summary>
    /// Shrunk so the longer side is <paramref name="side"/> pixels by area, each pixel the mean ink it covers: a scanner's
    /// or camera's sensor at a low resolution (sharper than <see cref="ScaleTo"/>'s anti-aliasing filter).
    /// </summary>
    public InkRaster Shrink(int side)
    {
        var scale = side / (double)Math.Max(Width, Height);
        var (width, height) = (Math.Max(1, (int)Math.Round(Width * scale)), Math.Max(1, (int)Math.Round(Height * scale)));
        return Own(width, height, PixelResampling.Area([.. Ink], Width, Height, width, height));
    }

    /// <summary>Every pixel repeated <paramref name="factor"/> × <paramref name="factor"/> times: a low-resolution picture saved larger.</summary>
    public InkRaster Enlarge(int factor)
    {
        var ink = new float[Width * factor * Height * factor];
        for (var y = 0; y < Height * factor; y++)
        {
            for (var x = 0; x < Width * factor; x++)
            {
                ink[(y * Width * factor) + x] = this[x / factor, y / factor];
            }
        }

        return Own(Width * factor, Height * factor, ink);
    }

    /// <summary>
    /// The coverage rounded to <paramref name="levels"/> evenly spaced values from 0 to 1: a bitmap with few grey levels
    /// (2 is black and white at 0.5).
    /// </summary>
    public InkRaster Quantize(int levels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 2);
        return Own(Width, Height, Ink.Select(v => Coarsening.RoundToLevels(v, levels)).ToArray());
    }

    /// <summary>Black and white: ink where the coverage reaches <paramref name="threshold"/>.</summary>
    public InkRaster Binarize(float threshold = 0.5f) => Own(Width, Height, Ink.Select(v => v >= threshold ? 1f : 0f).ToArray());

    /// <summary>Strokes <paramref name="radius"/> pixels thicker on every side (grey-level dilation).</summary>
    public InkRaster Thicken(int radius) => Pad(radius).Dilated(radius);

    /// <summary><paramref name="pixels"/> of paper added on every side.</summary>
    public InkRaster Pad(int pixels)
    {
        var (width, height) = (Width + (2 * pixels), Height + (2 * pixels));
        var ink = new float[width * height];
        for (var y = 0; y < Height; y++)
        {
            Ink.AsSpan(y * Width, Width).CopyTo(ink.AsSpan(((y + pixels) * width) + pixels, Width));
        }

        return Own(width, height, ink);
    }

    /// <summary>A Gaussian blur of standard deviation <paramref name="sigma"/> pixels (a blurry scan or camera).</summary>
    public InkRaster Blur(double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = Enumerable.Range(-radius, (2 * radius) + 1).Select(i => Math.Exp(-(i * i) / (2 * sigma * sigma))).ToArray();
        var total = kernel.Sum();
        float Sum(Func<int, float> at, int position, int length)
        {
            var sum = 0.0;
            for (var k = -radius; k <= radius; k++)
            {
                sum += position + k >= 0 && position + k < length ? kernel[k + radius] / total * at(position + k) : 0;
            }

            return (float)sum;
        }

        var across = new float[Ink.Length];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                across[(y * Width) + x] = Sum(i => this[i, y], x, Width);
            }
        }

        var result = new float[Ink.Length];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                result[(y * Width) + x] = Sum(j => across[(j * Width) + x], y, Height);
            }
        }

        return Own(Width, Height, result);
    }

    /// <summary>The strokes' centre lines redrawn <paramref name="width"/> pixels wide: a thin pen or a mouse.</summary>
    public InkRaster Hairline(double width)
    {
        var mask = Ink.Select(v => v >= 0.5f).ToArray();
        var skeleton = Skeleton.Thin(mask, Width, Height);
        return Own(Width, Height, StrokeThinning.Redraw(skeleton, Width, Height, Math.Max(0.5, width / 2)));
    }

    private InkRaster Dilated(int radius) => Own(Width, Height, StrokeWidth.Dilate(Ink.AsSpan(), Width, Height, radius));
}

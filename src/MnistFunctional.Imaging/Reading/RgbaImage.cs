using System.Collections.Immutable;

namespace MnistFunctional.Imaging.Reading;

/// <summary>A colour picture (a thumbnail of the original): 4 bytes R, G, B, A per pixel, row by row, alpha not premultiplied.</summary>
public sealed record RgbaImage
{
    public RgbaImage(int width, int height, ImmutableArray<byte> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.IsDefault || pixels.Length != 4L * width * height)
        {
            throw new ArgumentException($"A {width}×{height} RGBA image needs {4L * width * height} bytes.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public ImmutableArray<byte> Pixels { get; }
}

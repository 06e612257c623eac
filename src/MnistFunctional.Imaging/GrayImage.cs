using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace MnistFunctional.Imaging;

/// <summary>
/// A grayscale picture: <see cref="Pixels"/> holds luminance row by row (index <c>y * Width + x</c>), 0 black to
/// 1 white, whatever the file's pixel format was (transparency already composited over white).
/// </summary>
public sealed record GrayImage
{
    public GrayImage(int width, int height, ImmutableArray<float> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.IsDefault || pixels.Length != (long)width * height)
        {
            throw new ArgumentException($"A {width}×{height} image needs {(long)width * height} pixels, not {(pixels.IsDefault ? 0 : pixels.Length)}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public ImmutableArray<float> Pixels { get; }

    public float this[int x, int y] => Pixels[(y * Width) + x];

    /// <summary>An image of 8-bit luminance values (0 black … 255 white), each scaled to <c>b / 255f</c> exactly as MNIST's pixels are.</summary>
    public static GrayImage FromBytes(int width, int height, ReadOnlySpan<byte> luminance)
    {
        var pixels = new float[luminance.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = luminance[i] / 255f;
        }

        return new GrayImage(width, height, ImmutableCollectionsMarshal.AsImmutableArray(pixels));
    }

    /// <summary>Wraps <paramref name="pixels"/> without copying: the caller hands the array over and must not change it.</summary>
    internal static GrayImage Own(int width, int height, float[] pixels) => new(width, height, ImmutableCollectionsMarshal.AsImmutableArray(pixels));
}

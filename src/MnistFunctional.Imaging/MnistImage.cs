using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace MnistFunctional.Imaging;

/// <summary>
/// What an MNIST model sees: 28×28 pixels row by row (index <c>y * 28 + x</c>), ink 1 and background 0, the layout
/// and scale of the training data (one column of the model's input matrix).
/// </summary>
public sealed record MnistImage
{
    public const int Size = 28;
    public const int PixelCount = Size * Size;

    public MnistImage(ImmutableArray<float> pixels)
    {
        if (pixels.IsDefault || pixels.Length != PixelCount)
        {
            throw new ArgumentException($"An MNIST image has {PixelCount} pixels, not {(pixels.IsDefault ? 0 : pixels.Length)}.", nameof(pixels));
        }

        Pixels = pixels;
    }

    public ImmutableArray<float> Pixels { get; }

    public float this[int x, int y] => Pixels[(y * Size) + x];

    internal static MnistImage Own(float[] pixels) => new(ImmutableCollectionsMarshal.AsImmutableArray(pixels));
}

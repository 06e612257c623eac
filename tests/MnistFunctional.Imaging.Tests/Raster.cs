using System.Collections.Immutable;
using MnistFunctional.Imaging;

namespace MnistFunctional.Imaging.Tests;

/// <summary>Builds grayscale test images in code: a background and filled rectangles, all values in [0, 1].</summary>
internal sealed class Raster(int width, int height, float background)
{
    private readonly float[] pixels = Enumerable.Repeat(background, width * height).ToArray();

    public Raster Fill(int x, int y, int w, int h, float value)
    {
        for (var row = y; row < y + h; row++)
        {
            for (var column = x; column < x + w; column++)
            {
                pixels[(row * width) + column] = value;
            }
        }

        return this;
    }

    /// <summary>Adds seeded Gaussian noise of standard deviation <paramref name="sigma"/>, clamped to [0, 1].</summary>
    public Raster Noise(float sigma, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < pixels.Length; i++)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            pixels[i] = Math.Clamp(pixels[i] + (float)(gaussian * sigma), 0f, 1f);
        }

        return this;
    }

    public GrayImage Image() => new(width, height, [.. pixels]);
}

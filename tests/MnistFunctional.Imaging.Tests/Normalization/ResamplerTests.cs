using MnistFunctional.Imaging.Normalization;

namespace MnistFunctional.Imaging.Tests.Normalization;

public sealed class ResamplerTests
{
    [Fact]
    public void The_same_size_gives_back_the_same_pixels()
    {
        float[] source = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f];

        Assert.Equal(source, Resampler.Resize(source, 3, 2, 3, 2));
    }

    [Fact]
    public void Shrinking_averages_every_source_pixel_so_a_one_pixel_line_survives()
    {
        // A 1-pixel vertical line in a 100×100 image, shrunk 10×: nearest-neighbour would usually lose it.
        var source = new float[100 * 100];
        for (var y = 0; y < 100; y++)
        {
            source[(y * 100) + 43] = 1f;
        }

        var small = Resampler.Resize(source, 100, 100, 10, 10);

        Assert.All(Enumerable.Range(0, 10), y => Assert.True(small[(y * 10) + 4] > 0.05f));
        Assert.Equal(source.Average(), small.Average(), 2);
    }

    [Fact]
    public void Enlarging_interpolates_between_pixels()
    {
        var large = Resampler.Resize([0f, 1f], 2, 1, 4, 1);

        Assert.Equal([0f, 0.25f, 0.75f, 1f], large);
    }
}

using MnistFunctional.Imaging.Normalization;

namespace MnistFunctional.Imaging.Tests.Normalization;

/// <summary>Large pictures are normalised on a reduced copy, so the cost does not grow with the megapixels (issue 16, item 2).</summary>
public sealed class InkPreservingReductionTests
{
    [Fact]
    public void Blocks_keep_their_inkiest_pixel_so_a_hairline_keeps_its_full_contrast()
    {
        var image = new Raster(100, 60, 1f).Fill(0, 31, 100, 1, 0f).Image();

        var reduced = InkPreservingReduction.Reduce(image, Polarity.DarkOnLight, maxSide: 25);

        Assert.Equal((25, 15), (reduced.Width, reduced.Height));
        Assert.All(Enumerable.Range(0, 25), x => Assert.Equal(0f, reduced[x, 7]));
        Assert.All(Enumerable.Range(0, 25), x => Assert.Equal(1f, reduced[x, 6]));
        Assert.Same(image, InkPreservingReduction.Reduce(image, Polarity.DarkOnLight, maxSide: 100));
    }

    [Fact]
    public void A_one_pixel_stroke_on_a_6000_pixel_picture_is_normalised_on_a_bounded_copy_like_a_small_one()
    {
        // An "L" drawn with a one-pixel pen, the same drawing at 6000 and at 600 pixels.
        static GrayImage L(int size) => new Raster(size, size, 1f)
            .Fill(size / 3, size / 6, size / 600, size * 2 / 3, 0f).Fill(size / 3, size * 5 / 6, size / 3, size / 600, 0f).Image();

        var large = MnistNormalizer.Explain(L(6000));
        var small = MnistNormalizer.Normalize(L(600))!;

        var working = large.Steps[0];
        Assert.True(Math.Max(working.Width, working.Height) <= NormalizationOptions.Default.MaximumWorkingSide, $"worked on {working.Width}×{working.Height}");
        Assert.NotNull(large.Digit);
        Assert.InRange(large.Digit.InkBox.X, 1990, 2010);
        var difference = Enumerable.Range(0, MnistImage.PixelCount).Average(i => Math.Abs(large.Digit.Image.Pixels[i] - small.Image.Pixels[i]));
        Assert.True(difference < 0.05, $"mean difference {difference}");
    }
}

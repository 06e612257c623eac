using MnistFunctional.Imaging.Normalization;

namespace MnistFunctional.Imaging.Tests.Normalization;

public sealed class StrokeWidthTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void A_bar_measures_its_width(int width)
    {
        var bar = new Raster(100, 200, 0f).Fill(40, 10, width, 180, 1f).Image();

        Assert.InRange(StrokeWidth.Estimate(bar.Pixels.AsSpan(), 100, 200)!.Value, width * 0.9, width * 1.1);
    }

    [Fact]
    public void No_ink_has_no_width()
    {
        Assert.Null(StrokeWidth.Estimate(new float[25], 5, 5));
    }

    [Fact]
    public void Dilation_widens_a_line_by_the_radius_on_each_side()
    {
        var line = new Raster(11, 3, 0f).Fill(5, 0, 1, 3, 0.8f).Image();

        var dilated = StrokeWidth.Dilate(line.Pixels.AsSpan(), 11, 3, radius: 2);

        Assert.Equal([0f, 0f, 0f, 0.8f, 0.8f, 0.8f, 0.8f, 0.8f, 0f, 0f, 0f], dilated[11..22]);
    }

    [Fact]
    public void A_hairline_on_a_large_page_comes_out_about_as_thick_as_MNIST_strokes()
    {
        // A 3-pixel pen on a 900-pixel-tall "L": 0.07 pixels once scaled to 20, without thickening.
        var image = new Raster(700, 1000, 1f).Fill(100, 50, 3, 900, 0f).Fill(100, 947, 500, 3, 0f).Image();

        var digit = MnistNormalizer.Normalize(image)!.Image;
        var thin = MnistNormalizer.Normalize(image, NormalizationOptions.Default with { MinimumStrokeWidth = 0 })!.Image;

        Assert.InRange(StrokeWidth.Estimate(digit.Pixels.AsSpan(), 28, 28)!.Value, 1.8, 3.5);
        Assert.True(thin.Pixels.Sum() < digit.Pixels.Sum() / 2, "without thickening the stroke stays a hairline");
    }

    [Fact]
    public void Thick_strokes_are_left_as_drawn()
    {
        var image = new Raster(100, 100, 0f).Fill(45, 10, 12, 80, 1f).Image();
        var options = NormalizationOptions.Default;

        Assert.Equal(
            MnistNormalizer.Normalize(image, options with { MinimumStrokeWidth = 0 })!.Image.Pixels.ToArray(),
            MnistNormalizer.Normalize(image, options)!.Image.Pixels.ToArray());
    }
}

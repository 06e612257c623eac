using MnistFunctional.Imaging.Normalization;

namespace MnistFunctional.Imaging.Tests.Normalization;

public sealed class MnistNormalizerTests
{
    // A thick "L": a bar 10 wide and 60 tall with a foot 30 wide, at (50, 20) in a 160×120 image.
    private static Raster LShape(float background, float ink) =>
        new Raster(160, 120, background).Fill(50, 20, 10, 60, ink).Fill(50, 70, 30, 10, ink);

    [Fact]
    public void Dark_ink_on_white_paper_is_inverted_to_light_on_dark()
    {
        var digit = MnistNormalizer.Normalize(LShape(background: 1f, ink: 0f).Image())!;

        Assert.Equal(Polarity.DarkOnLight, digit.Polarity);
        Assert.Equal(0f, digit.Image[0, 0]);
        Assert.Equal(1f, digit.Image.Pixels.Max());
    }

    [Fact]
    public void Light_ink_on_black_is_kept_as_it_is()
    {
        var digit = MnistNormalizer.Normalize(LShape(background: 0f, ink: 1f).Image())!;

        Assert.Equal(Polarity.LightOnDark, digit.Polarity);
        Assert.Equal(0f, digit.Image[0, 0]);
        Assert.Equal(1f, digit.Image.Pixels.Max());
    }

    [Theory]
    [InlineData(0.55f, 0.05f)] // dark ink on mid-grey paper
    [InlineData(0.45f, 0.95f)] // light ink on mid-grey
    public void Polarity_on_grey_follows_the_ink_not_a_fixed_midpoint(float background, float ink)
    {
        var expected = ink < background ? Polarity.DarkOnLight : Polarity.LightOnDark;

        Assert.Equal(expected, MnistNormalizer.Normalize(LShape(background, ink).Image())!.Polarity);
    }

    [Fact]
    public void The_ink_box_is_the_digits_bounding_box_in_the_original()
    {
        var digit = MnistNormalizer.Normalize(LShape(1f, 0f).Image())!;

        Assert.Equal(new PixelBox(50, 20, 30, 60), digit.InkBox);
    }

    [Fact]
    public void The_longer_side_becomes_20_pixels_keeping_the_aspect_ratio()
    {
        var digit = MnistNormalizer.Normalize(LShape(1f, 0f).Image())!;

        var (width, height) = InkExtent(digit.Image);
        Assert.Equal(20, height);
        Assert.InRange(width, 10, 11); // 30 × 20/60, plus at most a pixel of anti-aliased edge
    }

    [Theory]
    [InlineData(5, 5)] // top left
    [InlineData(130, 80)] // bottom right
    [InlineData(70, 40)] // middle
    public void The_centre_of_mass_lands_at_14_14_wherever_the_digit_was(int x, int y)
    {
        var image = new Raster(170, 130, 1f).Fill(x, y, 10, 40, 0f).Fill(x, y, 30, 8, 0f).Image();

        var center = CenterOfMass.Of(MnistNormalizer.Normalize(image)!.Image)!.Value;

        Assert.InRange(center.X, 13, 15);
        Assert.InRange(center.Y, 13, 15);
    }

    [Fact]
    public void Background_noise_is_suppressed_and_specks_do_not_stretch_the_box()
    {
        var image = LShape(0.6f, 0.05f).Fill(150, 5, 2, 2, 0f).Noise(0.04f, seed: 7).Image();

        var digit = MnistNormalizer.Normalize(image)!;

        Assert.Equal(new PixelBox(50, 20, 30, 60), digit.InkBox);
        Assert.Equal(0f, digit.Image[0, 0]);
        Assert.Equal(0f, digit.Image[27, 27]);
    }

    [Theory]
    [InlineData(1f)] // white paper
    [InlineData(0f)] // black
    [InlineData(0.5f)] // grey
    public void A_blank_image_has_no_digit(float level)
    {
        Assert.Null(MnistNormalizer.Normalize(new Raster(64, 48, level).Image()));
    }

    [Fact]
    public void Pure_noise_has_no_digit()
    {
        Assert.Null(MnistNormalizer.Normalize(new Raster(120, 120, 0.7f).Noise(0.03f, seed: 3).Image()));
    }

    [Fact]
    public void A_faint_smudge_below_the_contrast_threshold_has_no_digit()
    {
        Assert.Null(MnistNormalizer.Normalize(LShape(1f, 0.9f).Image()));
    }

    [Fact]
    public void Raw_keeps_a_28x28_image_exactly_and_does_not_invert()
    {
        var image = new Raster(28, 28, 1f).Fill(10, 5, 4, 18, 0.2f).Image();

        var raw = MnistNormalizer.Raw(image);

        Assert.Equal(image.Pixels.ToArray(), raw.Pixels.ToArray());
    }

    [Fact]
    public void Raw_resizes_any_image_to_28x28()
    {
        var raw = MnistNormalizer.Raw(new Raster(300, 200, 0.25f).Image());

        Assert.All(raw.Pixels, p => Assert.Equal(0.25f, p, 5));
    }

    private static (int Width, int Height) InkExtent(MnistImage image)
    {
        var ink = Enumerable.Range(0, MnistImage.PixelCount).Where(i => image.Pixels[i] > 0).ToArray();
        var xs = ink.Select(i => i % MnistImage.Size).ToArray();
        var ys = ink.Select(i => i / MnistImage.Size).ToArray();
        return (xs.Max() - xs.Min() + 1, ys.Max() - ys.Min() + 1);
    }
}

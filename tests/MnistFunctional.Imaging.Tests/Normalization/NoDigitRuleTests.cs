using MnistFunctional.Imaging.Normalization;

namespace MnistFunctional.Imaging.Tests.Normalization;

/// <summary>Pictures that hold no digit are skipped, not read as "0" (issue 16, item 9); pictures that do are still read.</summary>
public sealed class NoDigitRuleTests
{
    [Theory]
    [InlineData(100, 0.5)] // black and white at random: one connected texture
    [InlineData(100, 0.1)] // sparse pepper on white: many small pieces
    [InlineData(28, 0.5)]
    [InlineData(300, 0.3)]
    public void Binary_salt_and_pepper_noise_has_no_digit(int size, double density)
    {
        var random = new Random(size + (int)(density * 100));
        var raster = new Raster(size, size, 1f);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (random.NextDouble() < density)
                {
                    raster.Fill(x, y, 1, 1, 0f);
                }
            }
        }

        var trace = MnistNormalizer.Explain(raster.Image());

        Assert.Null(trace.Digit);
        Assert.NotNull(trace.Rejection);
    }

    [Theory]
    [InlineData(28)]
    [InlineData(200)]
    public void A_single_dark_pixel_in_a_corner_of_a_white_picture_has_no_digit(int size)
    {
        var trace = MnistNormalizer.Explain(new Raster(size, size, 1f).Fill(0, 0, 1, 1, 0f).Image());

        Assert.Null(trace.Digit);
        Assert.Contains("specks", trace.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void A_few_isolated_specks_have_no_digit()
    {
        var image = new Raster(120, 90, 1f).Fill(10, 10, 1, 1, 0f).Fill(80, 40, 2, 1, 0f).Fill(50, 70, 1, 2, 0f).Image();

        Assert.Null(MnistNormalizer.Normalize(image));
    }

    [Fact]
    public void A_digit_among_salt_and_pepper_specks_is_still_read()
    {
        var random = new Random(4);
        var raster = new Raster(120, 120, 1f).Fill(50, 20, 8, 80, 0f).Fill(50, 20, 35, 8, 0f);
        for (var i = 0; i < 300; i++)
        {
            raster.Fill(random.Next(120), random.Next(120), 1, 1, 0f);
        }

        var digit = MnistNormalizer.Normalize(raster.Image());

        // Specks far from the digit are dropped; one that touches it joins it.
        Assert.NotNull(digit);
        Assert.InRange(digit.InkBox.X, 47, 50);
        Assert.InRange(digit.InkBox.Right, 85, 88);
        Assert.InRange(digit.InkBox.Bottom, 100, 103);
    }

    [Fact]
    public void A_thin_one_is_not_taken_for_a_speck_or_a_texture()
    {
        // A 1 is a bar: its box is all ink, but the square around it is mostly empty.
        Assert.NotNull(MnistNormalizer.Normalize(new Raster(28, 28, 0f).Fill(13, 4, 3, 20, 1f).Image()));
        Assert.NotNull(MnistNormalizer.Normalize(new Raster(400, 400, 1f).Fill(190, 40, 2, 320, 0f).Image()));
    }
}

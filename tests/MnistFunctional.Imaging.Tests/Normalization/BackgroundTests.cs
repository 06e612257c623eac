using MnistFunctional.Imaging.Normalization;

namespace MnistFunctional.Imaging.Tests.Normalization;

public sealed class BackgroundTests
{
    /// <summary>A "0" as an elliptic ring of the given stroke that touches all four sides of the picture (a tight crop).</summary>
    private static Raster TightZero(int width, int height, int stroke, float paper, float ink)
    {
        var raster = new Raster(width, height, paper);
        var (a, b) = (width / 2.0, height / 2.0);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (dx, dy) = (x + 0.5 - a, y + 0.5 - b);
                var outer = ((dx * dx) / (a * a)) + ((dy * dy) / (b * b));
                var inner = ((dx * dx) / ((a - stroke) * (a - stroke))) + ((dy * dy) / ((b - stroke) * (b - stroke)));
                if (outer <= 1.02 && inner >= 1)
                {
                    raster.Fill(x, y, 1, 1, ink);
                }
            }
        }

        return raster;
    }

    [Theory]
    [InlineData(1f, 0f, Polarity.DarkOnLight)]
    [InlineData(0f, 1f, Polarity.LightOnDark)]
    [InlineData(0.8f, 0.3f, Polarity.DarkOnLight)]
    public void A_digit_whose_ink_runs_along_the_whole_border_is_read_with_the_right_polarity(float paper, float ink, Polarity expected)
    {
        // A bold 0 cropped at its ink: it runs into all four sides.
        var image = TightZero(60, 90, 14, paper, ink).Image();

        var digit = MnistNormalizer.Normalize(image);

        Assert.NotNull(digit);
        Assert.Equal(expected, digit.Polarity);
        Assert.Equal(new PixelBox(0, 0, 60, 90), digit.InkBox);
        Assert.True(digit.Image[14, 14] < 0.2f, "the 0's hole stays empty");
    }

    [Fact]
    public void Strokes_that_cross_the_border_leave_the_level_and_noise_of_the_paper()
    {
        var image = new Raster(100, 100, 0.9f).Fill(40, 0, 12, 100, 0.1f).Fill(0, 45, 100, 10, 0.1f).Noise(0.02f, seed: 1).Image();

        var background = Background.Measure(image);

        Assert.Equal(Polarity.DarkOnLight, background.Polarity);
        Assert.Equal(0.9f, background.Level, 0.02f);
        Assert.InRange(background.Noise, 0.01f, 0.04f);
    }

    /// <summary>A tiny bitmap drawn by characters (their levels in <paramref name="levels"/>), each pixel saved as a <paramref name="factor"/>-pixel square.</summary>
    private static GrayImage Blocky(string[] rows, int factor, IReadOnlyDictionary<char, float> levels)
    {
        var raster = new Raster(rows[0].Length * factor, rows.Length * factor, 0f);
        for (var y = 0; y < rows.Length; y++)
        {
            for (var x = 0; x < rows[y].Length; x++)
            {
                raster.Fill(x * factor, y * factor, factor, factor, levels[rows[y][x]]);
            }
        }

        return raster.Image();
    }

    [Theory]
    [InlineData(0.1f, 0.9f, Polarity.LightOnDark)]
    [InlineData(0.9f, 0.1f, Polarity.DarkOnLight)]
    public void A_tiny_zero_whose_strokes_fill_almost_half_the_picture_is_read_with_the_right_polarity(float paper, float ink, Polarity expected)
    {
        // 28 of 64 pixels are ink and the ring is about half ink: the corners tell the paper.
        string[] zero = ["..####..", ".##..##.", ".#....#.", "##....##", "##....##", ".#....#.", ".##..##.", "..####.."];
        var image = Blocky(zero, 8, new Dictionary<char, float> { ['.'] = paper, ['#'] = ink });

        var digit = MnistNormalizer.Normalize(image);

        Assert.NotNull(digit);
        Assert.Equal(expected, digit.Polarity);
        Assert.True(digit.Image[14, 14] < 0.2f, "the 0's hole stays empty");
    }

    [Fact]
    public void Grey_edge_pixels_of_a_blocky_picture_are_no_noise()
    {
        // A tiny blurry 1 saved 8× larger: most of the paper side is grey edge ('-', '~'), its levels spread by 0.15
        // around their median, though neighbouring pixels differ only where the squares meet.
        string[] one = ["~-++-~", "~-++-~", ".~++~.", ".-++-.", ".-++-.", "~-++-~", ".~++~.", "~-++-~"];
        var image = Blocky(one, 8, new Dictionary<char, float> { ['.'] = 0.95f, ['-'] = 0.8f, ['~'] = 0.65f, ['+'] = 0.2f });

        var background = Background.Measure(image);

        Assert.Equal(Polarity.DarkOnLight, background.Polarity);
        Assert.True(background.Noise < 0.01f, $"noise {background.Noise}");
        Assert.NotNull(MnistNormalizer.Normalize(image));
    }

    [Fact]
    public void Otsu_splits_two_levels_between_them()
    {
        var pixels = Enumerable.Repeat(0.2f, 300).Concat(Enumerable.Repeat(0.7f, 700)).ToArray();

        var threshold = LuminanceHistogram.Of(pixels).OtsuThreshold()!.Value;

        Assert.InRange(LuminanceHistogram.Value(threshold), 0.2f, 0.7f - (1 / 255f));
        Assert.Null(LuminanceHistogram.Of(Enumerable.Repeat(0.4f, 10).ToArray()).OtsuThreshold());
    }
}

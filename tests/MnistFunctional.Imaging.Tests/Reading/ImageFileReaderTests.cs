using MnistFunctional.Imaging.Reading;
using MnistFunctional.Plotting.Digits;
using MnistFunctional.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MnistFunctional.Imaging.Tests.Reading;

public sealed class ImageFileReaderTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly ImageFileReader reader = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void An_8_bit_grayscale_png_reads_back_as_exactly_b_over_255()
    {
        var bytes = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        using var image = Image.LoadPixelData<L8>(bytes, 16, 16);
        var path = Save(image, "gray.png");

        var gray = Decoded(path).Gray;

        Assert.Equal(bytes.Select(b => b / 255f), gray.Pixels);
    }

    [Fact]
    public void Transparent_pixels_are_composited_over_white_whatever_their_colour()
    {
        using var image = new Image<Rgba32>(3, 1);
        image[0, 0] = new Rgba32(0, 0, 0, 0); // transparent black
        image[1, 0] = new Rgba32(0, 0, 0, 255); // opaque black
        image[2, 0] = new Rgba32(0, 0, 0, 128); // half-transparent black
        var path = Save(image, "alpha.png");

        var gray = Decoded(path).Gray;

        Assert.Equal(1f, gray.Pixels[0]);
        Assert.Equal(0f, gray.Pixels[1]);
        Assert.Equal(127 / 255f, gray.Pixels[2], 3);
    }

    [Fact]
    public void Colour_becomes_luminance_with_ITU_R_601_weights()
    {
        using var image = new Image<Rgb24>(3, 1);
        image[0, 0] = new Rgb24(255, 0, 0);
        image[1, 0] = new Rgb24(0, 255, 0);
        image[2, 0] = new Rgb24(0, 0, 255);
        var path = Save(image, "rgb.png");

        var gray = Decoded(path).Gray;

        Assert.Equal([0.299f, 0.587f, 0.114f], gray.Pixels.Select(p => MathF.Round(p, 3)));
    }

    [Theory]
    [InlineData("palette.png")]
    [InlineData("sixteen-bit.png")]
    [InlineData("gray-alpha.png")]
    [InlineData("digit.bmp")]
    [InlineData("digit.gif")]
    [InlineData("digit.jpg")]
    public void Every_pixel_format_the_decoders_produce_ends_as_the_same_grayscale(string name)
    {
        using var drawn = Image.Load<Rgba32>(DigitDrawing.Render(4, new DigitStyle { Width = 64, Height = 64 }));
        var reference = Decoded(Save(drawn, "reference.png")).Gray;
        var path = folder.Write(name, Encode(drawn, name));

        var gray = Decoded(path).Gray;

        Assert.Equal((reference.Width, reference.Height), (gray.Width, gray.Height));
        var meanDifference = gray.Pixels.Zip(reference.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanDifference < 0.02, $"{name}: mean difference {meanDifference:F4} from the PNG");
    }

    [Fact]
    public void A_CMYK_jpeg_becomes_the_same_light_paper_and_dark_ink_as_its_RGB_original()
    {
        var gray = Decoded(Path.Combine(AppContext.BaseDirectory, "Fixtures", "2-cmyk.jpg")).Gray;

        // Cream paper (244, 240, 228) has luminance 0.94; the blue ink (25, 55, 150) 0.22.
        Assert.Equal((64, 48), (gray.Width, gray.Height));
        Assert.InRange(gray[0, 0], 0.88f, 1f);
        Assert.InRange(gray.Pixels.Min(), 0.15f, 0.5f);
    }

    [Fact]
    public void A_thumbnail_is_only_made_when_asked_and_never_larger_than_asked()
    {
        var path = folder.Write("big.png", DigitDrawing.Render(1, new DigitStyle { Width = 300, Height = 150 }));

        Assert.Null(Decoded(path).Thumbnail);
        var thumbnail = ((DecodedImage)reader.Read(path, thumbnailSize: 60)).Thumbnail!;
        Assert.Equal((60, 30), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public void An_empty_file_is_unreadable()
    {
        Assert.Equal("the file is empty", Reason(folder.Write("empty.png", HostileFiles.Empty)));
    }

    [Fact]
    public void Text_named_png_is_not_an_image()
    {
        Assert.Equal("not a PNG, JPEG, BMP or GIF image", Reason(folder.Write("note.png", HostileFiles.TextNamedPng)));
    }

    [Fact]
    public void A_truncated_png_is_reported_as_such()
    {
        var png = DigitDrawing.Render(3, new DigitStyle { Width = 200, Height = 200, Noise = 20 });

        Assert.Equal("truncated PNG: the file ends before the IEND chunk", Reason(folder.Write("cut.png", HostileFiles.Truncated(png))));
    }

    // ImageSharp 2.1 decodes all of these without an error, filling the missing rows with black.
    [Theory]
    [InlineData("png", "PNG")]
    [InlineData("jpg", "JPEG")]
    [InlineData("bmp", "BMP")]
    [InlineData("gif", "GIF")]
    public void A_file_cut_anywhere_is_truncated_in_every_format(string extension, string format)
    {
        var whole = Encode(extension);

        foreach (var fraction in new[] { 0.2, 0.5, 0.95 })
        {
            var cut = folder.Write($"cut-{fraction}.{extension}", whole[..(int)(whole.Length * fraction)]);
            Assert.StartsWith($"truncated {format}: ", Reason(cut), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpg")]
    [InlineData("gif")]
    public void Bytes_after_a_complete_image_are_not_damage(string extension)
    {
        var path = folder.Write($"trailer.{extension}", [.. Encode(extension), .. "camera maker's trailer"u8]);

        Assert.IsType<DecodedImage>(reader.Read(path));
    }

    [Fact]
    public void A_header_claiming_100000_by_100000_pixels_is_refused_before_decoding()
    {
        var reason = Reason(folder.Write("huge.png", HostileFiles.PngHeaderClaiming(100_000, 100_000)));

        Assert.Equal("100000×100000 pixels is over the limit of 40,000,000 pixels", reason);
    }

    [Fact]
    public void The_pixel_limit_is_configurable()
    {
        var path = folder.Write("digit.png", DigitDrawing.Render(3, new DigitStyle { Width = 20, Height = 20 }));

        var strict = new ImageFileReader(new ImageReadOptions { MaxPixels = 399 });

        Assert.Equal("20×20 pixels is over the limit of 399 pixels", ((UnreadableImage)strict.Read(path)).Reason);
        Assert.IsType<DecodedImage>(reader.Read(path));
    }

    [Fact]
    public void A_missing_file_is_unreadable_with_the_systems_reason()
    {
        Assert.StartsWith("cannot read the file: ", Reason(folder.File("missing.png")), StringComparison.Ordinal);
    }

    private static byte[] Encode(string extension)
    {
        using var image = Image.Load<Rgba32>(DigitDrawing.Render(5, new DigitStyle { Width = 120, Height = 120, Noise = 25, Seed = 1 }));
        return Encode(image, "digit." + extension);
    }

    /// <summary>The image in the format and pixel layout the file name asks for.</summary>
    private static byte[] Encode(Image image, string name)
    {
        using var encoded = new MemoryStream();
        switch (name)
        {
            case "palette.png":
                image.SaveAsPng(encoded, new PngEncoder { ColorType = PngColorType.Palette });
                break;
            case "sixteen-bit.png":
                image.SaveAsPng(encoded, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit16 });
                break;
            case "gray-alpha.png":
                image.SaveAsPng(encoded, new PngEncoder { ColorType = PngColorType.GrayscaleWithAlpha });
                break;
            case var _ when name.EndsWith(".png", StringComparison.Ordinal):
                image.SaveAsPng(encoded);
                break;
            case var _ when name.EndsWith(".bmp", StringComparison.Ordinal):
                image.SaveAsBmp(encoded);
                break;
            case var _ when name.EndsWith(".gif", StringComparison.Ordinal):
                image.SaveAsGif(encoded);
                break;
            default:
                image.SaveAsJpeg(encoded);
                break;
        }

        return encoded.ToArray();
    }

    private DecodedImage Decoded(string path) => Assert.IsType<DecodedImage>(reader.Read(path));

    private string Reason(string path) => Assert.IsType<UnreadableImage>(reader.Read(path)).Reason;

    private string Save(Image image, string name)
    {
        var path = folder.File(name);
        image.SaveAsPng(path);
        return path;
    }
}

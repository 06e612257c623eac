using System.Globalization;
using SkiaSharp;

namespace MnistFunctional.Plotting.Handwriting;

/// <summary>
/// The project's own real-handwriting test set, made here from free fonts and MNIST's test digits so anyone can
/// make it again, byte for byte: each failure mode seen on real handwriting is a folder of pictures.
/// </summary>
/// <remarks>
/// From the handwriting fonts (by default two variants of each digit in each font): <c>scanned</c>, black and white at low
/// resolution saved 3–4× larger, some crops touching the border; <c>tight</c>, cropped at or into the ink;
/// <c>thick</c>, strokes about a fifth of the digit's height; <c>small-grey</c>, small blurry grey bitmaps saved
/// 4× larger as JPEG; <c>mouse</c>, thin strokes on a transparent background; <c>lowres-bw</c>, black and white at a
/// really low resolution (10–19 px), thresholded anywhere from thin to thick, saved 4–8× larger; <c>tiny-grey</c>, 8–15 px
/// bitmaps with 5–17 grey levels saved 5–10× larger (blocky or smooth) as JPEG. <c>continental</c>: 1s with a long
/// up-stroke, crossed 7s and open-top 4s drawn as pen strokes. From MNIST's test set: <c>mnist-binarized</c>,
/// <c>mnist-thick</c>, <c>mnist-cropped</c>, and the two low-resolution modes, <c>mnist-lowres-bw</c> and
/// <c>mnist-tiny-grey</c>.
/// </remarks>
public static class HandwritingSet
{
    public static IReadOnlyList<string> FontModes { get; } = ["scanned", "tight", "thick", "small-grey", "mouse", "lowres-bw", "tiny-grey"];

    public static IReadOnlyList<string> MnistModes { get; } = ["mnist-binarized", "mnist-thick", "mnist-cropped", "mnist-lowres-bw", "mnist-tiny-grey"];

    /// <summary>Every font × digit × variant (<paramref name="variants"/> of each) in every font mode.</summary>
    public static IEnumerable<HandwritingSample> FromFonts(IReadOnlyList<string> fontFiles, int variants = 2)
    {
        ArgumentNullException.ThrowIfNull(fontFiles);
        for (var m = 0; m < FontModes.Count; m++)
        {
            for (var f = 0; f < fontFiles.Count; f++)
            {
                for (var digit = 0; digit < 10; digit++)
                {
                    for (var variant = 0; variant < variants; variant++)
                    {
                        var random = new Random((((((m * 100) + f) * 10) + digit) * 10) + variant);
                        var name = Path.GetFileNameWithoutExtension(fontFiles[f]).ToLowerInvariant();
                        var (bytes, extension) = FontPicture(FontModes[m], fontFiles[f], digit, random);
                        yield return new HandwritingSample(FontModes[m], Invariant($"{digit}-{name}-{variant}.{extension}"), digit, bytes);
                    }
                }
            }
        }
    }

    /// <summary><paramref name="perDigit"/> each of the continental 1, 4 and 7.</summary>
    public static IEnumerable<HandwritingSample> Continental(int perDigit)
    {
        foreach (var digit in ContinentalDigits.Digits)
        {
            for (var i = 0; i < perDigit; i++)
            {
                var random = new Random(7_000_000 + (digit * 1000) + i);
                var raster = ContinentalDigits.Render(digit, 60 + random.Next(80), random);
                yield return new HandwritingSample("continental", Invariant($"{digit}-continental-{i:D3}.png"), digit, InkEncoding.Gray(raster, paper: 1, ink: 0));
            }
        }
    }

    /// <summary>The MNIST test digits given (28×28 ink, labels), each transformed in every MNIST mode.</summary>
    public static IEnumerable<HandwritingSample> FromMnist(IReadOnlyList<(InkRaster Digit, int Label, int Index)> digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        for (var m = 0; m < MnistModes.Count; m++)
        {
            foreach (var (digit, label, index) in digits)
            {
                var (bytes, extension) = MnistPicture(MnistModes[m], digit, index, new Random(8_000_000 + (m * 100_000) + index));
                yield return new HandwritingSample(MnistModes[m], Invariant($"{label}-mnist-{index:D5}.{extension}"), label, bytes);
            }
        }
    }

    private static (byte[] Bytes, string Extension) MnistPicture(string mode, InkRaster digit, int index, Random random) => mode switch
    {
        "mnist-binarized" => Png(digit.Binarize().Enlarge(4)),
        "mnist-thick" => Png(digit.Thicken(1 + (index % 2)).ScaleTo(112)),
        "mnist-cropped" => Png(digit.CropToInk(margin: 0).ScaleTo(100)),
        // MNIST's 20-pixel digit shrunk by area so its longer side is 10–18 px, then a low-resolution scan.
        "mnist-lowres-bw" => Png(LowResolutionScan(digit.CropToInk(random.Next(3)).Shrink(10 + random.Next(9)), random)),
        _ => (TinyGrey(digit.CropToInk(random.Next(2)).Shrink(8 + random.Next(9)), random), "jpg"),
    };

    /// <summary>Black ink on white paper as a grey PNG.</summary>
    private static (byte[] Bytes, string Extension) Png(InkRaster raster) => (InkEncoding.Gray(raster, paper: 1, ink: 0), "png");

    /// <summary>
    /// Black and white at the raster's own (low) resolution, thresholded at 0.35–0.65 of the coverage (strokes thinner or
    /// thicker, with jagged edges), each pixel saved as a 4–8 px square: a form scanned at a low resolution.
    /// </summary>
    private static InkRaster LowResolutionScan(InkRaster small, Random random) =>
        small.Binarize(0.35f + (0.3f * random.NextSingle())).Enlarge(4 + random.Next(5));

    /// <summary>
    /// A tiny bitmap with 5–17 grey levels saved 5–10× larger, blocky (each pixel a square) or smooth (bilinear), as a
    /// JPEG of quality 50–85; grey ink on grey paper, light on dark for a quarter of them.
    /// </summary>
    private static byte[] TinyGrey(InkRaster tiny, Random random)
    {
        var levels = 5 + random.Next(13);
        var factor = 5 + random.Next(6);
        var quantized = tiny.Quantize(levels);
        var large = random.Next(2) == 0 ? quantized.Enlarge(factor) : quantized.ScaleTo(factor * Math.Max(tiny.Width, tiny.Height));
        var (paper, ink) = (0.8f + (0.2f * random.NextSingle()), 0.3f * random.NextSingle());
        var inverted = random.Next(4) == 0;
        return InkEncoding.Gray(large, inverted ? 1 - paper : paper, inverted ? 1 - ink : ink, SKEncodedImageFormat.Jpeg, 50 + random.Next(36));
    }

    private static (byte[] Bytes, string Extension) FontPicture(string mode, string font, int digit, Random random)
    {
        float Between(float low, float high) => low + ((high - low) * random.NextSingle());
        var slant = Between(-0.1f, 0.2f);
        switch (mode)
        {
            case "scanned":
                // A form scanned at low resolution in black and white: a third of the crops touch the ink.
                var scanned = GlyphRenderer.Render(font, digit, 20 + random.Next(14), Between(0, 0.05f), slant).CropToInk(random.Next(-1, 4)).Binarize();
                return Png(scanned.Enlarge(3 + random.Next(2)));
            case "tight":
                var tight = GlyphRenderer.Render(font, digit, 90 + random.Next(40), Between(0, 0.04f), slant).CropToInk(-random.Next(3));
                return (InkEncoding.Gray(tight, paper: Between(0.85f, 1), ink: Between(0, 0.25f)), "png");
            case "thick":
                var thick = GlyphRenderer.Render(font, digit, 90 + random.Next(40), Between(0.1f, 0.16f), slant).CropToInk(4 + random.Next(12));
                return Png(thick);
            case "small-grey":
                var small = GlyphRenderer.Render(font, digit, 16 + random.Next(8), Between(0, 0.04f), slant).CropToInk(2 + random.Next(4)).Blur(Between(0.5f, 1f));
                var grey = InkEncoding.Gray(small.ScaleTo(4 * Math.Max(small.Width, small.Height)), paper: Between(0.8f, 0.95f), ink: Between(0.2f, 0.45f), SKEncodedImageFormat.Jpeg, 60 + random.Next(30));
                return (grey, "jpg");
            case "lowres-bw":
                var coarse = GlyphRenderer.Render(font, digit, 10 + random.Next(10), Between(0, 0.06f), slant).CropToInk(random.Next(3));
                return Png(LowResolutionScan(coarse, random));
            case "tiny-grey":
                var tiny = GlyphRenderer.Render(font, digit, 8 + random.Next(8), Between(0, 0.08f), slant).CropToInk(random.Next(2)).Blur(Between(0.3f, 0.7f));
                return (TinyGrey(tiny, random), "jpg");
            default:
                var drawn = GlyphRenderer.Render(font, digit, 140 + random.Next(100), 0, slant).Hairline(Between(1.5f, 3.5f)).CropToInk(10 + random.Next(60));
                return (InkEncoding.Transparent(drawn), "png");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

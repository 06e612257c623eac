using System.CommandLine;
using Digits.Shell;
using MnistFunctional.IO;
using MnistFunctional.Plotting.Digits;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.PixelFormats;

namespace Digits.Commands;

/// <summary>
/// <c>digits make-samples</c> (hidden, for maintainers): draws the demo pictures of data/samples. The same
/// SkiaSharp build gives the same bytes, so running it again changes nothing.
/// </summary>
internal static class MakeSamplesCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The folder to write the pictures to.", DefaultValueFactory = _ => "data/samples" };
        var command = new Command("make-samples", "Draw the demo digit pictures of data/samples from the project's own strokes.") { output };
        command.SetAction(result => Fatal.Guard(() =>
        {
            var folder = result.GetValue(output)!;
            foreach (var (fileName, digit, style) in DemoSamples.All)
            {
                var path = Path.Combine(folder, fileName);
                AtomicFile.Write(path, Encode(fileName, DigitDrawing.Render(digit, style)), createFolder: true);
                Console.WriteLine(path);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>SkiaSharp writes PNG and JPEG; BMP and GIF samples are re-encoded from the PNG with ImageSharp.</summary>
    private static byte[] Encode(string fileName, byte[] drawn)
    {
        var extension = Path.GetExtension(fileName);
        if (extension is not (".bmp" or ".gif"))
        {
            return drawn;
        }

        using var image = Image.Load<Rgba32>(drawn);
        using var encoded = new MemoryStream();
        if (extension == ".bmp")
        {
            image.SaveAsBmp(encoded, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 }); // a palette BMP
        }
        else
        {
            image.SaveAsGif(encoded);
        }

        return encoded.ToArray();
    }
}

using MnistFunctional.Plotting.Digits;
using ScottPlot;

namespace Digits.Commands;

/// <summary>
/// The pictures in data/samples: the digits drawn from the project's own strokes in the ways users photograph,
/// scan and export them. Each file name starts with the digit it shows.
/// </summary>
internal static class DemoSamples
{
    public static IReadOnlyList<(string FileName, int Digit, DigitStyle Style)> All { get; } =
    [
        ("0-black-on-white.png", 0, new() { Width = 200, Height = 200 }),
        ("1-white-on-black.png", 1, new() { Width = 240, Height = 240, Ink = Colors.White, Paper = Colors.Black, StrokeWidth = 0.12f }),
        ("2-blue-ballpoint.png", 2, new() { Width = 320, Height = 240, Ink = new Color(25, 55, 150), Paper = new Color(244, 240, 228), StrokeWidth = 0.035f, Slant = 0.12f }),
        ("3-transparent.png", 3, new() { Width = 256, Height = 256, Ink = new Color(20, 20, 20), Paper = new Color(0, 0, 0, 0) }),
        ("3-red-marker.jpg", 3, new() { Width = 500, Height = 400, Ink = new Color(200, 30, 30), CenterX = 0.6f, CenterY = 0.45f, DigitHeight = 0.6f, StrokeWidth = 0.14f, Format = DigitFileFormat.Jpeg, Quality = 80 }),
        ("4-off-centre.png", 4, new() { Width = 400, Height = 300, CenterX = 0.25f, CenterY = 0.3f, DigitHeight = 0.4f }),
        ("5-noisy-grey.jpg", 5, new() { Width = 320, Height = 240, Ink = new Color(30, 30, 30), Paper = new Color(150, 150, 150), Noise = 30, Format = DigitFileFormat.Jpeg, Quality = 20, Seed = 5 }),
        ("5-white-on-navy.png", 5, new() { Width = 300, Height = 300, Ink = Colors.White, Paper = new Color(20, 30, 70), CenterX = 0.68f, CenterY = 0.62f, DigitHeight = 0.45f, Slant = 0.15f }),
        ("6-tiny.png", 6, new() { Width = 16, Height = 16, DigitHeight = 0.8f, StrokeWidth = 0.13f }),
        ("7-large-thin.png", 7, new() { Width = 1000, Height = 1000, StrokeWidth = 0.02f }),
        ("8-thick-slanted.bmp", 8, new() { Width = 240, Height = 240, StrokeWidth = 0.2f, Slant = 0.2f }),
        ("9-chalkboard.gif", 9, new() { Width = 260, Height = 260, Ink = new Color(235, 235, 225), Paper = new Color(35, 64, 47) }),
    ];
}

using MnistFunctional.Plotting.Digits;
using ScottPlot;

namespace MnistFunctional.Imaging.Tests.Prediction;

/// <summary>The kinds of picture a user might hand over, drawn from the project's own digit strokes.</summary>
internal static class DrawnDigitStyles
{
    public static IReadOnlyDictionary<string, DigitStyle> All { get; } = new Dictionary<string, DigitStyle>
    {
        ["dark-on-light"] = new() { Width = 200, Height = 200 },
        ["light-on-dark"] = new() { Width = 200, Height = 200, Ink = Colors.White, Paper = Colors.Black },
        ["large"] = new() { Width = 1000, Height = 1000, StrokeWidth = 0.09f },
        ["tiny"] = new() { Width = 16, Height = 16, DigitHeight = 0.8f, StrokeWidth = 0.13f },
        ["off-centre"] = new() { Width = 400, Height = 300, CenterX = 0.2f, CenterY = 0.72f, DigitHeight = 0.35f },
        ["thin"] = new() { Width = 400, Height = 400, StrokeWidth = 0.02f },
        ["thick"] = new() { Width = 200, Height = 200, StrokeWidth = 0.2f },
        ["slanted"] = new() { Width = 200, Height = 200, Slant = 0.25f },
        ["transparent"] = new() { Width = 200, Height = 200, Paper = new Color(0, 0, 0, 0) },
        ["noisy-grey-jpeg"] = new()
        {
            Width = 240, Height = 240, Ink = new Color(30, 30, 30), Paper = new Color(150, 150, 150),
            Noise = 30, Format = DigitFileFormat.Jpeg, Quality = 15, Seed = 42,
        },
    };

    public static TheoryData<string> Names => [.. All.Keys];
}

using MnistFunctional.Plotting.Digits;
using ScottPlot;

namespace MnistFunctional.Imaging.Tests.Prediction;

/// <summary>
/// Harder pictures than <see cref="DrawnDigitStyles"/>: every style setting drawn at random (seeded) over its
/// whole range at once — strong slants, hairline or blotchy pens, small or huge digits anywhere on the canvas,
/// either polarity, grey noise and bad JPEG — to compare how well models generalise beyond MNIST.
/// </summary>
internal static class StressDigits
{
    public static IReadOnlyList<(int Digit, DigitStyle Style)> Draw(int perDigit, int seed)
    {
        var random = new Random(seed);
        float Uniform(double low, double high) => (float)(low + ((high - low) * random.NextDouble()));
        var set = new List<(int, DigitStyle)>();
        for (var digit = 0; digit < 10; digit++)
        {
            for (var i = 0; i < perDigit; i++)
            {
                var size = random.Next(24, 400);
                var height = Uniform(0.3, 0.9);
                var darkOnLight = random.NextDouble() < 0.5;
                var paperShade = (byte)random.Next(darkOnLight ? 150 : 0, darkOnLight ? 256 : 90);
                var inkShade = (byte)random.Next(darkOnLight ? 0 : 170, darkOnLight ? 90 : 256);
                var jpeg = random.NextDouble() < 0.3;
                set.Add((digit, new DigitStyle
                {
                    Width = size,
                    Height = size,
                    DigitHeight = height,
                    CenterX = Uniform(0.1 + (height / 3), 0.9 - (height / 3)),
                    CenterY = Uniform(0.05 + (height / 2), 0.95 - (height / 2)),
                    StrokeWidth = Uniform(0.03, 0.22),
                    Slant = Uniform(-0.35, 0.35),
                    Ink = new Color(inkShade, inkShade, inkShade),
                    Paper = new Color(paperShade, paperShade, paperShade),
                    Noise = random.NextDouble() < 0.4 ? Uniform(5, 35) : 0,
                    Format = jpeg ? DigitFileFormat.Jpeg : DigitFileFormat.Png,
                    Quality = random.Next(15, 90),
                    Seed = random.Next(),
                }));
            }
        }

        return set;
    }
}

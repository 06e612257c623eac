using System.Globalization;
using Digits.Commands;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Models;
using MnistFunctional.Plotting.Digits;
using MnistFunctional.Tests.Data;
using SixLabors.ImageSharp;

namespace MnistFunctional.Imaging.Tests.Prediction;

/// <summary>data/samples, the demo folder a fresh clone predicts: every picture read as the digit its name starts with.</summary>
public sealed class DemoSamplesTests(ShippedModelFixture model) : IClassFixture<ShippedModelFixture>
{
    private static string Folder => Path.Combine(RealMnist.RepositoryRoot, "data", "samples");

    [Fact]
    public void Every_demo_sample_is_predicted_as_the_digit_its_name_starts_with()
    {
        var results = FolderPredictor.Predict(Folder, MnistCnn.Network, model.Parameters);

        Assert.Empty(results.Skipped);
        Assert.Equal(DemoSamples.All.Count, results.Predictions.Length);
        Assert.All(results.Predictions, p => Assert.Equal(int.Parse(p.File[..1], CultureInfo.InvariantCulture), p.Prediction.Digit));
    }

    [Fact]
    public void The_demo_folder_holds_exactly_the_pictures_make_samples_draws()
    {
        Assert.Equal(
            DemoSamples.All.Select(s => s.FileName).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (fileName, digit, style) in DemoSamples.All)
        {
            // The same drawing at the same size (pixel-exact comparison would tie the test to one SkiaSharp build).
            var shipped = Image.Identify(Path.Combine(Folder, fileName));
            Assert.Equal((style.Width, style.Height), (shipped.Width, shipped.Height));
            Assert.InRange(digit, 0, 9);
        }
    }

    [Fact]
    public void The_drawing_is_deterministic()
    {
        var (_, digit, style) = DemoSamples.All.Single(s => s.FileName == "5-noisy-grey.jpg");

        Assert.Equal(DigitDrawing.Render(digit, style), DigitDrawing.Render(digit, style));
    }
}

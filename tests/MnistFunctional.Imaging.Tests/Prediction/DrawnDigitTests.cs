using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Models;
using MnistFunctional.Plotting.Digits;
using MnistFunctional.Tests;

namespace MnistFunctional.Imaging.Tests.Prediction;

/// <summary>The shipped model reads the digits 0–9 drawn in every style a user might hand over.</summary>
public sealed class DrawnDigitTests(ShippedModelFixture model) : IClassFixture<ShippedModelFixture>
{
    [Theory]
    [MemberData(nameof(DrawnDigitStyles.Names), MemberType = typeof(DrawnDigitStyles))]
    public void Every_digit_is_predicted_correctly(string style)
    {
        using var folder = new TempFolder();
        var drawing = DrawnDigitStyles.All[style];
        var extension = drawing.Format == DigitFileFormat.Jpeg ? "jpg" : "png";
        for (var digit = 0; digit < 10; digit++)
        {
            folder.Write($"{digit}.{extension}", DigitDrawing.Render(digit, drawing with { Seed = drawing.Seed + digit }));
        }

        var results = FolderPredictor.Predict(folder.Path, MnistCnn.Network, model.Parameters);

        Assert.Empty(results.Skipped);
        var wrong = results.Predictions
            .Where(p => p.Prediction.Digit != int.Parse(p.File[..1], System.Globalization.CultureInfo.InvariantCulture))
            .Select(p => $"{p.File} read as {p.Prediction.Digit} ({p.Prediction.Confidence:P1})")
            .ToList();
        Assert.True(wrong.Count == 0, $"{style}: {string.Join("; ", wrong)}");
    }

    [Theory]
    [MemberData(nameof(DrawnDigitStyles.Names), MemberType = typeof(DrawnDigitStyles))]
    public void A_blank_page_in_the_same_style_is_no_digit(string style)
    {
        using var folder = new TempFolder();
        var drawing = DrawnDigitStyles.All[style];
        var name = drawing.Format == DigitFileFormat.Jpeg ? "blank.jpg" : "blank.png";
        folder.Write(name, DigitDrawing.Render(1, drawing with { Ink = drawing.Paper })); // the pen draws in the paper's colour

        var results = FolderPredictor.Predict(folder.Path, MnistCnn.Network, model.Parameters);

        Assert.Empty(results.Predictions);
        Assert.Equal(new SkippedImage(name, SkippedImage.NoDigitFound, null), Assert.Single(results.Skipped));
    }
}

using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Models;
using MnistFunctional.Plotting.Digits;
using MnistFunctional.Tests;

namespace MnistFunctional.Imaging.Tests.Prediction;

/// <summary>
/// <c>predict</c> hands results out as the files are done, so which files are done together changes from run to run;
/// the generated code's figures depend in the last bits on the batch an image is in (the first of 300 MNIST test
/// images alone and in one batch of 300 differ from the 7th significant digit of its small probabilities), so each image goes
/// through the model alone and a file's figures are the same bits in every run, however the files were grouped.
/// </summary>
public sealed class BatchInvarianceTests(ShippedModelFixture model) : IClassFixture<ShippedModelFixture>, IDisposable
{
    private const int Count = 24;
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_files_figures_are_those_of_its_image_alone_however_the_files_were_grouped()
    {
        for (var i = 0; i < Count; i++)
        {
            folder.Write($"{i:D2}.png", DigitDrawing.Render(i % 10, new DigitStyle { Noise = i }));
        }

        var runs = new[] { new FolderPredictionOptions { BatchSize = 1, Workers = 1 }, new FolderPredictionOptions { BatchSize = 5, Workers = 2 }, FolderPredictionOptions.Default }
            .Select(options => FolderPredictor.Predict(folder.Path, MnistCnn.Network, model.Parameters, options with { Pictures = Count }).Predictions)
            .ToArray();

        var seen = runs[0].Select(p => p.Picture!.Seen!).ToArray();
        var alone = seen.Select(image => DigitClassifier.Predict(MnistCnn.Network, model.Parameters, [image])[0]).ToArray();
        Assert.All(runs, run => Assert.Equal(alone.Select(Bits), run.Select(p => Bits(p.Prediction))));

    }

    private static string Bits(DigitPrediction prediction) =>
        string.Join(',', prediction.Ranking.OrderBy(r => r.Digit).Select(r => BitConverter.SingleToInt32Bits(r.Probability)));
}

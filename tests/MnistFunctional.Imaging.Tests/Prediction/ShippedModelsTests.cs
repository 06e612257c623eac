using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Models;
using MnistFunctional.Plotting.Digits;
using MnistFunctional.Serialization;
using MnistFunctional.Tests;
using MnistFunctional.Tests.Data;
using Xunit.Abstractions;

namespace MnistFunctional.Imaging.Tests.Prediction;

/// <summary>
/// The two shipped models (plain, and trained with <c>--augment</c>) on pictures drawn unlike MNIST: the
/// figures behind the README's choice of <c>predict</c>'s default model. Both must read the hard set through
/// the MNIST-style normalisation; the seed's naive path (<c>--raw</c>) is printed beside it for comparison.
/// </summary>
public sealed class ShippedModelsTests(ITestOutputHelper output)
{
    /// <summary>Share of pictures read correctly (a skipped one counts as wrong) and mean cross-entropy of the true digit.</summary>
    private static (double Accuracy, double Loss) Score(string folder, string modelFile, bool raw)
    {
        var parameters = ModelFile.Load<MnistCnn.Parameters>(Path.Combine(RealMnist.RepositoryRoot, "data", "models", modelFile), MnistCnn.Architecture);
        var results = FolderPredictor.Predict(folder, MnistCnn.Network, parameters, FolderPredictionOptions.Default with { Raw = raw });
        static int Truth(string file) => int.Parse(file[..1], System.Globalization.CultureInfo.InvariantCulture);
        var correct = results.Predictions.Count(p => p.Prediction.Digit == Truth(p.File));
        var loss = results.Predictions.Sum(p => -Math.Log(Math.Max(1e-7, p.Prediction.Ranking.Single(r => r.Digit == Truth(p.File)).Probability)));
        return ((double)correct / results.FileCount, loss / results.Predictions.Length);
    }

    [Fact]
    public void Both_shipped_models_read_hard_drawn_digits_through_the_normalisation()
    {
        using var folder = new TempFolder();
        var set = StressDigits.Draw(perDigit: 30, seed: 2026);
        for (var i = 0; i < set.Count; i++)
        {
            var (digit, style) = set[i];
            folder.Write($"{digit}-{i:D3}.{(style.Format == DigitFileFormat.Jpeg ? "jpg" : "png")}", DigitDrawing.Render(digit, style));
        }

        foreach (var raw in new[] { false, true })
        {
            var plain = Score(folder.Path, "mnist-cnn.safetensors", raw);
            var augmented = Score(folder.Path, "mnist-cnn-augmented.safetensors", raw);
            output.WriteLine($"{set.Count} hard drawn digits{(raw ? ", --raw" : string.Empty)}: plain model {plain.Accuracy:P1} (loss {plain.Loss:F4}), augmented model {augmented.Accuracy:P1} (loss {augmented.Loss:F4})");
            if (!raw)
            {
                Assert.True(plain.Accuracy >= 0.98, $"plain model: {plain.Accuracy:P1}");
                Assert.True(augmented.Accuracy >= 0.98, $"augmented model: {augmented.Accuracy:P1}");
            }
        }
    }
}

using System.CommandLine;
using System.Globalization;
using Digits.Shell;
using MnistFunctional.Data;
using MnistFunctional.Imaging;
using MnistFunctional.Imaging.Normalization;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.IO;
using MnistFunctional.Models;
using MnistFunctional.Plotting.Handwriting;
using MnistFunctional.Serialization;

namespace Digits.Commands;

/// <summary>
/// <c>digits handwriting</c> (hidden, for maintainers): makes the project's real-handwriting test set (fonts and
/// transformed MNIST test digits, see <see cref="HandwritingSet"/>), reads it as <c>predict</c> does and prints
/// the accuracy per failure mode, and how many of MNIST's 10,000 test digits the normalisation skips.
/// </summary>
internal static class HandwritingCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "Keep the pictures in this folder, one subfolder per failure mode (default: a temporary folder, deleted)." };
        var model = new Option<string[]>("--model")
        {
            Description = "The model file to read them with; given more than once, the ensemble of the models (the mean of their probabilities).",
            DefaultValueFactory = _ => [ModelPaths.DefaultPredictionModel],
            AllowMultipleArgumentsPerToken = false,
        };
        var data = new Option<string?>("--data") { Description = "Folder with the MNIST IDX files (default: $MNIST_DIR, then data/mnist/)." };
        var mnistCount = new Option<int>("--mnist-count") { Description = "MNIST test digits per MNIST mode (from index 1000 on).", DefaultValueFactory = _ => 300 };
        var from = new Option<string?>("--from") { Description = "Read a set made before with --out instead of making it again." };
        var raw = new Option<bool>("--raw") { Description = "Read with the seed's naive preparation instead of the MNIST-style normalisation." };
        var command = new Command("handwriting", "Make the handwriting test set and print the accuracy per failure mode.") { output, from, model, data, mnistCount, raw };
        command.SetAction(result => Fatal.Guard(() =>
        {
            var count = result.GetValue(mnistCount);
            if (count is < 0 or > 9000)
            {
                throw new ArgumentException($"--mnist-count must be 0–9000, not {count}.");
            }

            var models = result.GetValue(model)!.Select(file => ModelFile.Read<MnistCnn.Parameters>(file, MnistCnn.Architecture).Parameters).ToArray();
            var test = MnistFiles.Load(result.GetValue(data), Console.Error).Test;
            var existing = result.GetValue(from);
            var folder = existing ?? result.GetValue(output) ?? Path.Combine(Path.GetTempPath(), $"digits-handwriting-{Environment.ProcessId}");
            try
            {
                if (existing is null)
                {
                    Write(folder, Samples(test, count));
                }

                var options = FolderPredictionOptions.Default with { Raw = result.GetValue(raw) };
                Console.WriteLine($"{"mode",-16} {"files",5} {"correct",7} {"accuracy",8} {"skipped",7}  commonest confusions (true→read ×count)");
                foreach (var mode in HandwritingSet.FontModes.Append("continental").Concat(HandwritingSet.MnistModes))
                {
                    var each = models.Select(parameters => FolderPredictor.Predict(Path.Combine(folder, mode), MnistCnn.Network, parameters, options)).ToArray();
                    Console.WriteLine(Row(mode, each[0] with
                    {
                        Predictions = [.. each[0].Predictions.Select((p, i) => p with { Prediction = DigitPrediction.Mean([.. each.Select(e => e.Predictions[i].Prediction)]) })],
                    }));
                }

                var normalized = Enumerable.Range(0, test.Count).Select(i => MnistNormalizer.Normalize(GrayImage.FromBytes(28, 28, MnistBytes(test, i)))?.Image).ToArray();
                var kept = Enumerable.Range(0, test.Count).Where(i => normalized[i] is not null).ToArray();
                var read = models.Select(parameters => DigitClassifier.Predict(MnistCnn.Network, parameters, [.. kept.Select(i => normalized[i]!)])).ToArray();
                var correct = kept.Where((i, k) => DigitPrediction.Mean([.. read.Select(r => r[k])]).Digit == test.Labels[i]).Count();
                Console.WriteLine($"MNIST test set through the normalisation: {correct / (double)test.Count:F4} read correctly, {test.Count - kept.Length} of {test.Count:N0} skipped as no digit");
            }
            finally
            {
                if (existing is null && result.GetValue(output) is null && Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }

            return 0;
        }));
        return command;
    }

    private static IEnumerable<HandwritingSample> Samples(Dataset test, int count)
    {
        var digits = Enumerable.Range(1000, count)
            .Select(i => (InkRaster.FromMnist(test.Pixels.AsSpan(i * MnistImage.PixelCount, MnistImage.PixelCount), MnistImage.Size), test.Labels[i], i))
            .ToArray();
        return HandwritingSet.FromFonts(HandwritingFonts.Require()).Concat(HandwritingSet.Continental(perDigit: 40)).Concat(HandwritingSet.FromMnist(digits));
    }

    private static void Write(string folder, IEnumerable<HandwritingSample> samples)
    {
        foreach (var sample in samples)
        {
            AtomicFile.Write(Path.Combine(folder, sample.Mode, sample.FileName), sample.Bytes, createFolder: true);
        }
    }

    private static string Row(string mode, FolderPrediction results)
    {
        static int Truth(string file) => file[0] - '0';
        var correct = results.Predictions.Count(p => p.Prediction.Digit == Truth(p.File));
        var confusions = results.Predictions.Where(p => p.Prediction.Digit != Truth(p.File))
            .GroupBy(p => $"{Truth(p.File)}→{p.Prediction.Digit}").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(5)
            .Select(g => $"{g.Key} ×{g.Count()}");
        return string.Create(CultureInfo.InvariantCulture, $"{mode,-16} {results.FileCount,5} {correct,7} {(double)correct / results.FileCount,8:F3} {results.Skipped.Length,7}  {string.Join(", ", confusions)}");
    }

    private static byte[] MnistBytes(Dataset test, int index) =>
        test.Pixels.AsSpan(index * MnistImage.PixelCount, MnistImage.PixelCount).ToArray().Select(p => (byte)Math.Round(p * 255)).ToArray();
}

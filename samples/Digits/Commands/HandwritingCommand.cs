using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Digits.Shell;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Data;
using MnistFunctional.Imaging;
using MnistFunctional.Imaging.Normalization;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Imaging.Reading;
using MnistFunctional.IO;
using MnistFunctional.Plotting.Handwriting;

namespace Digits.Commands;

/// <summary>
/// <c>digits handwriting</c> (for maintainers): makes the project's real-handwriting test set (fonts and transformed
/// MNIST test digits, see <see cref="HandwritingSet"/>), reads it as <c>predict</c> does and prints the accuracy per
/// failure mode, on the part kept for choices and on the held-out part (<see cref="HandwritingHoldout"/>), and the
/// accuracy on MNIST's 10,000 test digits through the normalisation. With several <c>--reader</c>s it compares them
/// side by side in one run, with the model's time per picture as a ratio to the first.
/// </summary>
internal static class HandwritingCommand
{
    private const int Batch = 256;

    private const int TimedPictures = 2048;

    private const int TimedRounds = 3;

    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "Keep the pictures in this folder, one subfolder per failure mode (default: a temporary folder, deleted)." };
        var model = new Option<string[]>("--model")
        {
            Description = "The model file to read them with; given more than once, the ensemble of the models (the mean of their probabilities). Default: predict's.",
            AllowMultipleArgumentsPerToken = false,
        };
        var tta = TtaOption.Create();
        var reader = new Option<string[]>("--reader")
        {
            HelpName = "FILE[+FILE…][:TTA]",
            Description = "Compare ways to read, side by side in one run (instead of --model and --tta): model files joined by '+' (an ensemble) and a test-time augmentation after ':'. Give it once per column.",
            AllowMultipleArgumentsPerToken = false,
        };
        var data = new Option<string?>("--data") { Description = "Folder with the MNIST IDX files (default: $MNIST_DIR, then data/mnist/)." };
        var mnistCount = new Option<int>("--mnist-count") { Description = "MNIST test digits per MNIST mode (from index 1000 on).", DefaultValueFactory = _ => 300 };
        var from = new Option<string?>("--from") { Description = "Read a set made before with --out instead of making it again." };
        var raw = new Option<bool>("--raw") { Description = "Read with the seed's naive preparation instead of the MNIST-style normalisation." };
        var command = new Command("handwriting", "Make the handwriting test set and print the accuracy per failure mode (held-out fonts and digits apart), and on MNIST's test set.")
        {
            output, from, model, tta, reader, data, mnistCount, raw,
        };
        command.SetAction(result => Fatal.Guard(() =>
        {
            var count = result.GetValue(mnistCount);
            if (count is < 0 or > 9000)
            {
                throw new ArgumentException($"--mnist-count must be 0–9000, not {count}.");
            }

            var compared = result.GetValue(reader) ?? [];
            var models = result.GetValue(model) is { Length: > 0 } given ? given : null;
            if (compared.Length > 0 && (models is not null || result.GetResult(tta) is { Implicit: false }))
            {
                throw new ArgumentException("--reader compares ways to read: give the models and test-time augmentation in each --reader, not with --model or --tta.");
            }

            var specs = compared.Length > 0
                ? compared.Select(ReaderSpec.Parse).ToArray()
                : [new ReaderSpec([.. models ?? ModelPaths.DefaultPredictionModels], TtaOption.Parse(result.GetValue(tta)!))];
            var readers = specs.Select(spec => PredictionModel.Load(spec.Models, spec.Tta)).ToArray();
            var test = MnistFiles.Load(result.GetValue(data), Console.Error).Test;
            var existing = result.GetValue(from);
            var folder = existing ?? result.GetValue(output) ?? Path.Combine(Path.GetTempPath(), $"digits-handwriting-{Environment.ProcessId}");
            try
            {
                if (existing is null)
                {
                    Write(folder, Samples(test, count));
                }

                var modes = HandwritingSet.FontModes.Append("continental").Concat(HandwritingSet.MnistModes).ToArray();
                var preparing = Stopwatch.StartNew();
                var files = modes.Select(mode => Prepare(Path.Combine(folder, mode), mode, result.GetValue(raw))).ToArray();
                var preparedPerFile = preparing.Elapsed.TotalMilliseconds / Math.Max(1, files.Sum(f => f.Length));
                var mnist = Enumerable.Range(0, test.Count).Select(i => MnistNormalizer.Normalize(GrayImage.FromBytes(28, 28, MnistBytes(test, i)))?.Image).ToArray();
                var times = Time(readers, [.. mnist.Where(m => m is not null).Take(TimedPictures).Select(m => m!)]);
                var scores = readers.Select((read, r) => Score(read, files, mnist, test.Labels, times[r])).ToArray();
                Console.Write(specs.Length == 1
                    ? Single(modes, files, scores[0])
                    : Comparison(modes, files, specs, scores));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Reading and normalising a file took {preparedPerFile:F2} ms (wall, in parallel on {Environment.ProcessorCount} cores)."));
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

    /// <summary>One file of the set, read and normalised as predict does: its input, or null when skipped.</summary>
    private sealed record SetFile(string Mode, string File, int Truth, bool HeldOut, MnistImage? Input);

    /// <summary>What one reader read: each file's digit (−1 when skipped), per mode; MNIST's test accuracy; the model's time per picture.</summary>
    private sealed record ReaderScore(ImmutableArray<ImmutableArray<int>> Read, double MnistAccuracy, double MillisecondsPerPicture);

    private static SetFile[] Prepare(string folder, string mode, bool raw)
    {
        var reader = new ImageFileReader();
        return [.. ImageFolder.List(folder, recursive: false).AsParallel().AsOrdered().Select(entry => new SetFile(
            mode,
            entry.File,
            entry.File[0] - '0',
            HandwritingHoldout.IsHeldOut(entry.File),
            entry.Problem is null ? PreparedImage.From(reader.Read(Path.Combine(folder, entry.File)), raw).Input : null))];
    }

    private static ReaderScore Score(Func<Matrix<float>, Matrix<float>> read, SetFile[][] files, MnistImage?[] mnist, int[] labels, double milliseconds)
    {
        var kept = Enumerable.Range(0, mnist.Length).Where(i => mnist[i] is not null).ToArray();
        var mnistRead = Predict(read, [.. kept.Select(i => mnist[i]!)]);
        var setRead = files.Select(mode =>
        {
            var digits = Predict(read, [.. mode.Where(f => f.Input is not null).Select(f => f.Input!)]);
            var next = 0;
            return mode.Select(f => f.Input is null ? -1 : digits[next++]).ToImmutableArray();
        }).ToImmutableArray();
        var correct = kept.Where((index, k) => mnistRead[k] == labels[index]).Count();
        return new ReaderScore(setRead, correct / (double)mnist.Length, milliseconds);
    }

    /// <summary>
    /// Each reader's time per picture on the same pictures: the best of <see cref="TimedRounds"/> rounds, the readers
    /// taking turns within each round so a change in the machine's load falls on all of them alike; a first round
    /// brings the code up to speed and is not counted.
    /// </summary>
    private static double[] Time(Func<Matrix<float>, Matrix<float>>[] readers, MnistImage[] pictures)
    {
        var best = readers.Select(_ => double.PositiveInfinity).ToArray();
        for (var round = 0; round <= TimedRounds; round++)
        {
            for (var r = 0; r < readers.Length; r++)
            {
                var clock = Stopwatch.StartNew();
                Predict(readers[r], pictures);
                best[r] = round == 0 ? best[r] : Math.Min(best[r], clock.Elapsed.TotalMilliseconds / pictures.Length);
            }
        }

        return best;
    }

    private static int[] Predict(Func<Matrix<float>, Matrix<float>> read, MnistImage[] images) =>
        [.. images.Chunk(Batch).SelectMany(batch => DigitClassifier.Predict(read, batch)).Select(p => p.Digit)];

    private static string Single(string[] modes, SetFile[][] files, ReaderScore score)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"{"mode",-16} {"files",5} {"correct",7} {"accuracy",8} {"skipped",7}  commonest confusions (true→read ×count)");
        for (var m = 0; m < modes.Length; m++)
        {
            var read = score.Read[m];
            var confusions = files[m].Select((f, i) => (f.Truth, Read: read[i])).Where(r => r.Read != r.Truth)
                .GroupBy(r => r.Read < 0 ? $"{r.Truth}→skipped" : $"{r.Truth}→{r.Read}").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(5)
                .Select(g => $"{g.Key} ×{g.Count()}");
            var correct = Correct(files[m], read, _ => true);
            text.AppendLine(Invariant($"{modes[m],-16} {files[m].Length,5} {correct,7} {(double)correct / files[m].Length,8:F3} {read.Count(d => d < 0),7}  {string.Join(", ", confusions)}"));
        }

        foreach (var (name, heldOut) in Parts)
        {
            var total = files.Sum(mode => mode.Count(f => f.HeldOut == heldOut));
            var correct = files.Select((mode, m) => Correct(mode, score.Read[m], f => f.HeldOut == heldOut)).Sum();
            text.AppendLine(Invariant($"{name,-16} {total,5} {correct,7} {(double)correct / total,8:F3}"));
        }

        text.AppendLine(Invariant($"MNIST test set through the normalisation: {score.MnistAccuracy:F4} read correctly."));
        text.AppendLine(Invariant($"The model took {score.MillisecondsPerPicture:F3} ms per picture (the best of {TimedRounds} rounds on {TimedPictures} pictures)."));
        return text.ToString();
    }

    private static string Comparison(string[] modes, SetFile[][] files, ReaderSpec[] specs, ReaderScore[] scores)
    {
        var text = new System.Text.StringBuilder();
        for (var r = 0; r < specs.Length; r++)
        {
            text.AppendLine($"{Column(r)} = {specs[r].Label}");
        }

        text.AppendLine($"{"mode",-16} {"files",5} " + string.Join(' ', specs.Select((_, r) => $"{Column(r),7}")));
        for (var m = 0; m < modes.Length; m++)
        {
            var mode = m;
            text.AppendLine($"{modes[m],-16} {files[m].Length,5} " + string.Join(' ', scores.Select(s => Invariant($"{(double)Correct(files[mode], s.Read[mode], _ => true) / files[mode].Length,7:F3}"))));
        }

        foreach (var (name, heldOut) in Parts.Append(("all", (bool?)null)))
        {
            var total = files.Sum(mode => mode.Count(f => heldOut is null || f.HeldOut == heldOut));
            text.AppendLine($"{name,-16} {total,5} " + string.Join(' ', scores.Select(s => $"{files.Select((mode, m) => Correct(mode, s.Read[m], f => heldOut is null || f.HeldOut == heldOut)).Sum(),7}")));
        }

        text.AppendLine($"{"skipped",-16} {string.Empty,5} " + string.Join(' ', scores.Select(s => $"{s.Read.Sum(mode => mode.Count(d => d < 0)),7}")));
        text.AppendLine($"{"MNIST test",-16} {"10000",5} " + string.Join(' ', scores.Select(s => Invariant($"{s.MnistAccuracy,7:F4}"))));
        text.AppendLine($"{"ms/picture, best",-16} {string.Empty,5} " + string.Join(' ', scores.Select(s => Invariant($"{s.MillisecondsPerPicture,7:F3}"))));
        text.AppendLine($"{"× the first",-16} {string.Empty,5} " + string.Join(' ', scores.Select(s => Invariant($"{s.MillisecondsPerPicture / scores[0].MillisecondsPerPicture,7:F2}"))));
        return text.ToString();
    }

    private static (string Name, bool? HeldOut)[] Parts => [("tuning part", false), ("held out", true)];

    private static int Correct(SetFile[] files, ImmutableArray<int> read, Func<SetFile, bool> counted) =>
        files.Where((f, i) => counted(f) && read[i] == f.Truth).Count();

    private static string Column(int index) => ((char)('A' + index)).ToString();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

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

    private static byte[] MnistBytes(Dataset test, int index) =>
        test.Pixels.AsSpan(index * MnistImage.PixelCount, MnistImage.PixelCount).ToArray().Select(p => (byte)Math.Round(p * 255)).ToArray();
}

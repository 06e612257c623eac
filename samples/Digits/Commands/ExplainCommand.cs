using System.CommandLine;
using System.Globalization;
using Digits.Shell;
using MnistFunctional.Imaging.Normalization;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Imaging.Reading;
using MnistFunctional.Plotting;

namespace Digits.Commands;

/// <summary>
/// <c>digits explain FILE...</c>: each normalisation step's picture for the given image files and what the model
/// read, as a PNG (one row per file), so a user can see why a digit was misread or skipped.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "The image files to explain (PNG, JPEG, BMP or GIF).", Arity = ArgumentArity.OneOrMore };
        var model = ModelPaths.PredictionModelOption();
        var tta = TtaOption.Create();
        var output = new Option<string>("--out") { Description = "Where to write the PNG of the steps.", DefaultValueFactory = _ => "steps.png" };
        var command = new Command("explain", "Show each normalisation step's picture for image files, and what the model reads: why a digit was misread or skipped.")
        {
            files, model, tta, output,
        };
        command.SetAction(result => Fatal.Guard(() =>
        {
            var read = PredictionModel.Load(result.GetValue(model)!, TtaOption.Parse(result.GetValue(tta)!));
            var reader = new ImageFileReader();
            var rows = new List<NormalizationStepsPlot.Row>();
            var failed = false;
            foreach (var file in result.GetValue(files)!)
            {
                if (reader.Read(file) is not DecodedImage decoded)
                {
                    Console.Error.WriteLine($"{file}: {((UnreadableImage)reader.Read(file)).Reason}");
                    failed = true;
                    continue;
                }

                var trace = MnistNormalizer.Explain(decoded.Gray);
                var verdict = trace.Digit is { } digit ? Verdict(DigitClassifier.Predict(read, [digit.Image])[0]) : null;
                Console.WriteLine($"{file}: {string.Join(" → ", trace.Steps.Select(s => s.Name))}: {verdict ?? $"no digit ({trace.Rejection})"}");
                rows.Add(new NormalizationStepsPlot.Row(Path.GetFileName(file), trace, verdict));
            }

            if (rows.Count > 0)
            {
                var path = result.GetValue(output)!;
                NormalizationStepsPlot.Save(path, rows);
                Console.WriteLine($"Steps: {path}");
            }

            return failed ? 1 : 0;
        }));
        return command;
    }

    private static string Verdict(DigitPrediction prediction) =>
        string.Create(CultureInfo.InvariantCulture, $"read {prediction.Digit} ({prediction.Confidence:P0}{(prediction.RunnerUp is { } second ? $", then {second.Digit} {second.Probability:P0}" : string.Empty)})");
}

using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Digits.Output;
using Digits.Shell;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Imaging.Reading;
using MnistFunctional.Onnx;
using MnistFunctional.Plotting;
using MnistFunctional.Serialization;

namespace Digits.Commands;

/// <summary><c>digits predict FOLDER</c>: the digit in each image of a folder, as a table, JSON or CSV, and a picture grid.</summary>
internal static class PredictCommand
{
    /// <summary>Exit code when some files were skipped (unreadable, not images, too large, no digit) and the rest predicted.</summary>
    public const int SomeSkipped = 3;

    /// <summary>The grid shows at most this many images, the first in file order.</summary>
    public const int GridLimit = 100;

    public static Command Create()
    {
        var folder = new Argument<string>("FOLDER") { Description = "The folder of images: PNG, JPEG, BMP or GIF, one digit each; other files are skipped with a reason." };
        var model = ModelPaths.PredictionModelOption();
        var tta = TtaOption.Create();
        var format = new Option<string>("--format")
        {
            Description = "Output format: a text table, one JSON object, JSON Lines (one object per file) or CSV with a header row. Every format writes each file's result as soon as it is done, so rows come in completion order (file order within a batch).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json", "jsonl", "csv");
        var grid = new Option<string?>("--grid") { HelpName = "FILE.png", Description = $"Also draw a PNG grid: each image, the 28×28 the model saw, the digit and its confidence (the first {GridLimit} images)." };
        var recursive = new Option<bool>("--recursive") { Description = "Also predict the images in subfolders." };
        var raw = new Option<bool>("--raw") { Description = "Skip the MNIST-style normalisation: only grayscale, resize to 28×28 and scale to [0, 1], as the seed did." };
        var maxMegapixels = new Option<double>("--max-megapixels") { HelpName = "N", Description = "Refuse images larger than this (read from the header, before decoding).", DefaultValueFactory = _ => 40 };
        var backend = new Option<string>("--backend")
        {
            Description = "Who runs the model: 'mathnet' (the generated code, default) or 'onnx' (ONNX Runtime on the exported model: the --onnx file, else --model exported in memory on the fly).",
            DefaultValueFactory = _ => "mathnet",
        };
        backend.AcceptOnlyFromAmong("mathnet", "onnx");
        var onnx = new Option<string?>("--onnx") { HelpName = "FILE", Description = "With --backend onnx: the ONNX file to run (made by 'digits export --onnx'); --model is then not read." };

        var command = new Command("predict", "Predict the digit in each image of a folder. Exit code 0 when every file was predicted, 3 when some were skipped, 1 on a fatal error.")
        {
            folder, model, tta, format, grid, recursive, raw, maxMegapixels, backend, onnx,
        };
        command.SetAction(result => Fatal.Guard(() => Run(
            new PredictRequest(
                result.GetValue(folder)!,
                result.GetValue(model)![0],
                Enum.Parse<PredictFormat>(result.GetValue(format)!, ignoreCase: true),
                result.GetValue(grid),
                result.GetValue(recursive),
                result.GetValue(raw),
                result.GetValue(maxMegapixels),
                result.GetValue(backend) == "onnx",
                result.GetValue(onnx),
                // With --onnx FILE the ONNX file is the model: the default ensemble's other members are not read.
                result.GetValue(onnx) is not null && result.GetResult(model) is null or { Implicit: true } ? [] : [.. result.GetValue(model)!.Skip(1)],
                TtaOption.Parse(result.GetValue(tta)!)),
            Console.Out,
            Console.Error,
            interactive: !Console.IsErrorRedirected)));
        return command;
    }

    /// <summary>Runs the command: results on <paramref name="output"/>, progress and notes on <paramref name="log"/>; returns the exit code.</summary>
    /// <exception cref="ModelFileException">The model file is missing or corrupt.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static int Run(PredictRequest request, TextWriter output, TextWriter log, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!double.IsFinite(request.MaxMegapixels) || request.MaxMegapixels <= 0)
        {
            throw new ArgumentException($"--max-megapixels must be a positive number, not {request.MaxMegapixels.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (request.OnnxFile is not null && !request.Onnx)
        {
            throw new ArgumentException($"--onnx {request.OnnxFile} needs --backend onnx.");
        }

        if (request.OnnxFile is not null && request.Models.Length > 1)
        {
            throw new ArgumentException($"--onnx {request.OnnxFile} is one model: give several --model files without --onnx to read them together.");
        }

        ImageFolder.Require(request.Folder);
        var modelPaths = request.OnnxFile is { } onnxFile ? [onnxFile] : request.Models;
        var modelPath = string.Join(" + ", modelPaths);
        if (request.Grid is { } grid)
        {
            // Before any work: a grid that cannot be written, or that would replace an input, is found now.
            OutputFiles.RequireWritable("--grid", grid);
            foreach (var input in modelPaths)
            {
                OutputFiles.RequireNotInput("--grid", grid, "the model file", input);
            }

            OutputFiles.RequireNotInFolder("--grid", grid, request.Folder, request.Recursive);
        }

        var options = new FolderPredictionOptions
        {
            Recursive = request.Recursive,
            Raw = request.Raw,
            Reading = new ImageReadOptions { MaxPixels = (long)Math.Min(request.MaxMegapixels * 1_000_000, long.MaxValue / 2) },
            Pictures = request.Grid is null ? 0 : GridLimit,
        };

        // Listed first so that the text table's file column is laid out before the first result comes.
        var files = ImageFolder.List(request.Folder, request.Recursive);
        IPredictionReport report = request.Format switch
        {
            PredictFormat.Json => new PredictionJson(),
            PredictFormat.Jsonl => new PredictionJsonLines(),
            PredictFormat.Csv => new PredictionCsv(),
            _ => new PredictionText(request.Folder, [.. files.Select(f => f.File)]),
        };
        var batches = new List<FolderPrediction>();
        void Take(IEnumerable<FolderPrediction> results, ProgressBar progress)
        {
            foreach (var batch in results)
            {
                RequireFinite(batch, modelPath);

                // Each file's row goes out as soon as it is done, whatever the format: a slow file holds back no one.
                // The start waits for the first batch, so a model refused on its first output prints nothing.
                // On a terminal the bar is cleared first, so rows scroll above it (the next report redraws it).
                progress.Done();
                output.Write((batches.Count == 0 ? report.Start() : string.Empty) + report.Rows(batch));
                output.Flush();
                batches.Add(batch);
            }
        }

        using (var progress = new ProgressBar(log, interactive, "Predicting"))
        {
            if (request.Onnx)
            {
                var predictors = new List<OnnxPredictor>();
                try
                {
                    predictors.AddRange(request.OnnxFile is null ? request.Models.Select(m => OnnxModel.Open(null, m)) : [OnnxModel.Open(request.OnnxFile, request.Model)]);
                    var model = request.Reading.Wrap(ModelEnsemble.Mean([.. predictors.Select(p => (Func<Matrix<float>, Matrix<float>>)p.Predict)]));
                    Take(FolderPredictor.PredictBatches(request.Folder, files, model, options, progress.Report), progress);
                }
                finally
                {
                    predictors.ForEach(p => p.Dispose());
                }
            }
            else
            {
                Take(FolderPredictor.PredictBatches(request.Folder, files, PredictionModel.Load(request.Models, request.Reading), options, progress.Report), progress);
            }

            progress.Done();
        }

        var results = FolderPrediction.InFileOrder(batches);
        output.Write((batches.Count == 0 ? report.Start() : string.Empty) + report.End(results));

        if (request.Grid is { } gridPath)
        {
            var tiles = PredictionGrid.Tiles(results);
            PredictionGridPlot.Save(gridPath, tiles, PredictionGrid.Title(request, modelPath, results));
            var note = results.FileCount > GridLimit ? $" (the first {GridLimit} of {results.FileCount} files)" : string.Empty;
            log.WriteLine($"Grid: {TerminalText.Escape(gridPath)}{note}");
        }

        return results.Skipped.IsEmpty ? 0 : SomeSkipped;
    }

    /// <summary>A model whose weights are finite but huge can overflow to NaN: that is the model's fault, and no table of NaN rows is printed.</summary>
    private static void RequireFinite(FolderPrediction batch, string modelPath)
    {
        if (batch.Predictions.FirstOrDefault(p => p.Prediction.Ranking.Any(r => !float.IsFinite(r.Probability))) is { } overflowed)
        {
            throw new ModelFileException(modelPath, $"its output for '{TerminalText.Escape(overflowed.File)}' is not a number (NaN or infinity): the weights overflow, so the model cannot be used.");
        }
    }
}

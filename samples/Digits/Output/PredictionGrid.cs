using System.Globalization;
using Digits.Commands;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Plotting;

namespace Digits.Output;

/// <summary>The tiles and title of the <c>--grid</c> picture, in file order.</summary>
internal static class PredictionGrid
{
    public static IReadOnlyList<PredictionTile> Tiles(FolderPrediction results) =>
    [
        .. results.Predictions
            .Where(p => p.Picture is not null)
            .Select(p => new PredictionTile(p.File, p.Picture!, Verdict(p.Prediction)))
            .Concat(results.Skipped
                .Where(s => s.Picture is not null)
                .Select(s => new PredictionTile(s.File, s.Picture!, s.Reason)))
            .OrderBy(t => t.File, StringComparer.Ordinal),
    ];

    public static string Title(PredictRequest request, string modelPath, FolderPrediction results) =>
        string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(request.Folder)))}: {results.Predictions.Length} predicted, {results.Skipped.Length} skipped — {Path.GetFileName(modelPath)}{(request.Raw ? ", --raw" : string.Empty)}");

    private static string Verdict(DigitPrediction prediction) =>
        string.Create(CultureInfo.InvariantCulture, $"{prediction.Digit}   {prediction.Confidence * 100:F1}%");
}

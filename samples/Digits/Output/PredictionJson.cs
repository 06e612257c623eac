using System.Text.Encodings.Web;
using System.Text.Json;
using MnistFunctional.Imaging.Prediction;

namespace Digits.Output;

/// <summary>
/// The JSON report of <c>digits predict</c>: one object
/// <c>{"predictions":[{"file","digit","confidence","top3":[[digit, p], …]}], "skipped":[{"file","reason"}]}</c>,
/// files relative to the folder with forward slashes, probabilities rounded to 6 decimals.
/// </summary>
internal static class PredictionJson
{
    // Relaxed escaping keeps "×" and non-ASCII file names readable; the output is not embedded in HTML.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(FolderPrediction results) =>
        JsonSerializer.Serialize(
            new
            {
                predictions = results.Predictions.Select(p => new
                {
                    file = p.File,
                    digit = p.Prediction.Digit,
                    confidence = Round(p.Prediction.Confidence),
                    top3 = p.Prediction.Top(3).Select(t => new object[] { t.Digit, Round(t.Probability) }),
                }),
                skipped = results.Skipped.Select(s => new { file = s.File, reason = s.Reason }),
            },
            Options) + Environment.NewLine;

    private static double Round(float probability) => Math.Round((double)probability, 6);
}

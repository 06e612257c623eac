using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MnistFunctional.Imaging.Prediction;

namespace Digits.Output;

/// <summary>
/// The JSON report of <c>digits predict</c>: one object
/// <c>{"predictions":[{"file","digit","confidence","top3":[[digit, p], …]}], "skipped":[{"file","reason"}]}</c>,
/// files relative to the folder with forward slashes, probabilities rounded to 6 decimals, one element per line.
/// It is written as the files are done: each prediction as its batch comes (completion order, file order within a
/// batch), the skipped files at the end in file order (they are not in the predictions array, whose elements are
/// already out); so the document is valid JSON once the run ends (exit 0 or 3), and a reader that parses as it reads
/// gets each prediction as soon as it is made.
/// </summary>
internal sealed class PredictionJson : IPredictionReport
{
    // Relaxed escaping keeps "×" and non-ASCII file names readable; the output is not embedded in HTML.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private bool predictionWritten;

    /// <summary>The whole report at once (what <c>digits serve</c> answers), the same text the streamed one ends as.</summary>
    public static string Render(FolderPrediction results)
    {
        var report = new PredictionJson();
        return report.Start() + report.Rows(results) + report.End(results);
    }

    /// <summary>One prediction as its own JSON object (an element of <c>predictions</c>, or a line of JSON Lines).</summary>
    public static string Element(PredictedImage predicted)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        return JsonSerializer.Serialize(
            new
            {
                file = predicted.File,
                digit = predicted.Prediction.Digit,
                confidence = Round(predicted.Prediction.Confidence),
                top3 = predicted.Prediction.Top(3).Select(t => new object[] { t.Digit, Round(t.Probability) }),
            },
            Options);
    }

    /// <summary>One skipped file as its own JSON object (an element of <c>skipped</c>, or a line of JSON Lines).</summary>
    public static string Element(SkippedImage skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        return JsonSerializer.Serialize(new { file = skipped.File, reason = skipped.Reason }, Options);
    }

    public string Start() => "{\"predictions\":[";

    /// <summary>The batch's predictions as elements of the array; its skipped files wait for <see cref="End"/>.</summary>
    public string Rows(FolderPrediction batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var text = new StringBuilder();
        foreach (var predicted in batch.Predictions.OrderBy(p => p.File, StringComparer.Ordinal))
        {
            text.Append(predictionWritten ? ",\n" : "\n").Append(Element(predicted));
            predictionWritten = true;
        }

        return text.ToString();
    }

    public string End(FolderPrediction all)
    {
        ArgumentNullException.ThrowIfNull(all);
        return "\n],\"skipped\":[" + string.Join(',', all.Skipped.Select(s => "\n" + Element(s))) + "\n]}" + Environment.NewLine;
    }

    private static double Round(float probability) => Math.Round((double)probability, 6);
}

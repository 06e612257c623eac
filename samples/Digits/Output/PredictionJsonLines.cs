using System.Text;
using MnistFunctional.Imaging.Prediction;

namespace Digits.Output;

/// <summary>
/// The JSON Lines report of <c>digits predict</c> (<c>--format jsonl</c>): one JSON object per file and line, written
/// as the files are done (completion order, file order within a batch) — a prediction as in the JSON report's
/// <c>predictions</c> (<c>{"file","digit","confidence","top3"}</c>), a skipped file as in its <c>skipped</c>
/// (<c>{"file","reason"}</c>). Every line is a whole JSON value, so <c>jq</c> and line readers get each file as it is done.
/// </summary>
internal sealed class PredictionJsonLines : IPredictionReport
{
    public string Start() => string.Empty;

    public string Rows(FolderPrediction batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var lines = batch.Predictions.Select(p => (p.File, Line: PredictionJson.Element(p)))
            .Concat(batch.Skipped.Select(s => (s.File, Line: PredictionJson.Element(s))))
            .OrderBy(row => row.File, StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var (_, line) in lines)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    public string End(FolderPrediction all) => string.Empty;
}

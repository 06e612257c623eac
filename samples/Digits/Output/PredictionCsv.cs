using System.Globalization;
using System.Text;
using MnistFunctional.Imaging.Prediction;

namespace Digits.Output;

/// <summary>
/// The CSV report of <c>digits predict</c> (RFC 4180): a header row, then one row per file as the files are done
/// (file order within a batch); a skipped file has empty prediction columns and its reason in the last column.
/// </summary>
internal sealed class PredictionCsv : IPredictionReport
{
    public const string Header = "file,digit,confidence,second,second_confidence,third,third_confidence,skipped_reason";

    public string Start() => Header + "\r\n";

    /// <summary>The rows of some files without the header, so a report can be written batch by batch as files are done.</summary>
    public string Rows(FolderPrediction batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var rows = batch.Predictions.Select(p => (p.File, Cells: Cells(p.Prediction)))
            .Concat(batch.Skipped.Select(s => (s.File, Cells: new[] { string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, s.Reason })))
            .OrderBy(row => row.File, StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var (file, cells) in rows)
        {
            text.AppendJoin(',', cells.Prepend(file).Select(Quote)).Append("\r\n");
        }

        return text.ToString();
    }

    public string End(FolderPrediction all) => string.Empty;

    private static string[] Cells(DigitPrediction prediction)
    {
        var top = prediction.Top(3);
        string Digit(int i) => i < top.Length ? top[i].Digit.ToString(CultureInfo.InvariantCulture) : string.Empty;
        string Probability(int i) => i < top.Length ? top[i].Probability.ToString("0.######", CultureInfo.InvariantCulture) : string.Empty;
        return [Digit(0), Probability(0), Digit(1), Probability(1), Digit(2), Probability(2), string.Empty];
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}

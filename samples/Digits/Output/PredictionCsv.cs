using System.Globalization;
using System.Text;
using MnistFunctional.Imaging.Prediction;

namespace Digits.Output;

/// <summary>
/// The CSV report of <c>digits predict</c> (RFC 4180): a header row, then one row per file in file order; a
/// skipped file has empty prediction columns and its reason in the last column.
/// </summary>
internal static class PredictionCsv
{
    public const string Header = "file,digit,confidence,second,second_confidence,third,third_confidence,skipped_reason";

    public static string Render(FolderPrediction results) => Header + "\r\n" + Rows(results);

    /// <summary>The rows of some files without the header, so a report can be written batch by batch as files are done.</summary>
    public static string Rows(FolderPrediction results)
    {
        var rows = results.Predictions.Select(p => (p.File, Cells: Cells(p.Prediction)))
            .Concat(results.Skipped.Select(s => (s.File, Cells: new[] { string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, s.Reason })))
            .OrderBy(row => row.File, StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var (file, cells) in rows)
        {
            text.AppendJoin(',', cells.Prepend(file).Select(Quote)).Append("\r\n");
        }

        return text.ToString();
    }

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

using System.Globalization;
using System.Text;
using MnistFunctional.Imaging.Prediction;

namespace Digits.Output;

/// <summary>The text report of <c>digits predict</c>: a table of predictions, the skipped files with their reasons, a count.</summary>
internal static class PredictionText
{
    public static string Render(FolderPrediction results, string folder)
    {
        var text = new StringBuilder();
        if (results.FileCount == 0)
        {
            return $"No files in '{TerminalText.Escape(folder)}'.{Environment.NewLine}";
        }

        if (!results.Predictions.IsEmpty)
        {
            var rows = results.Predictions.Select(p => new[]
            {
                TerminalText.Escape(p.File),
                p.Prediction.Digit.ToString(CultureInfo.InvariantCulture),
                Percent(p.Prediction.Confidence),
                p.Prediction.RunnerUp is { } second ? $"{second.Digit} ({Percent(second.Probability)})" : "-",
            }).ToList();
            AppendTable(text, ["file", "digit", "confidence", "runner-up"], rows, rightAligned: [false, true, true, false]);
        }

        if (!results.Skipped.IsEmpty)
        {
            if (!results.Predictions.IsEmpty)
            {
                text.AppendLine();
            }

            AppendTable(text, ["skipped", "reason"], [.. results.Skipped.Select(s => new[] { TerminalText.Escape(s.File), TerminalText.Escape(s.Reason) })], rightAligned: [false, false]);
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Count(results.FileCount, "file")}: {results.Predictions.Length} predicted, {results.Skipped.Length} skipped.");
        return text.ToString();
    }

    private static void AppendTable(StringBuilder text, string[] header, IReadOnlyList<string[]> rows, bool[] rightAligned)
    {
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        AppendRow(text, header, widths, rightAligned);
        foreach (var row in rows)
        {
            AppendRow(text, row, widths, rightAligned);
        }
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths, bool[] rightAligned)
    {
        var padded = cells.Select((cell, c) => c == cells.Length - 1 && !rightAligned[c]
            ? cell
            : rightAligned[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
        text.AppendLine(string.Join("  ", padded));
    }

    /// <summary>One decimal for confident values; small ones keep two significant digits rather than reading "0.0%".</summary>
    private static string Percent(float probability)
    {
        var percent = probability * 100.0;
        return percent switch
        {
            >= 1 => percent.ToString("F1", CultureInfo.InvariantCulture) + "%",
            >= 0.01 => percent.ToString("0.0#", CultureInfo.InvariantCulture) + "%",
            _ => "<0.01%",
        };
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}

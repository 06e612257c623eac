using System.Globalization;
using System.Text;
using MnistFunctional.Imaging.Prediction;

namespace Digits.Output;

/// <summary>
/// The text report of <c>digits predict</c>: one table row per file as the files are done (completion order, file
/// order within a batch) — the digit, its confidence and the runner-up, or <c>skipped: reason</c> — then a count.
/// The file column is as wide as the longest name the folder listed, so rows line up without waiting for the last.
/// </summary>
internal sealed class PredictionText : IPredictionReport
{
    private static readonly string[] Header = ["file", "digit", "confidence", "runner-up"];

    private readonly string folder;
    private readonly int fileCount;
    private readonly int fileWidth;

    /// <param name="files">The files the folder listed (relative names), for the width of the file column.</param>
    public PredictionText(string folder, IReadOnlyCollection<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        this.folder = folder;
        fileCount = files.Count;
        fileWidth = files.Select(f => TerminalText.Escape(f).Length).Append(Header[0].Length).Max();
    }

    public string Start() => fileCount == 0 ? string.Empty : Row(Header);

    public string Rows(FolderPrediction batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var rows = batch.Predictions.Select(p => (p.File, Cells: new[]
            {
                TerminalText.Escape(p.File),
                p.Prediction.Digit.ToString(CultureInfo.InvariantCulture),
                Percent(p.Prediction.Confidence),
                p.Prediction.RunnerUp is { } second ? $"{second.Digit} ({Percent(second.Probability)})" : "-",
            }))
            .Concat(batch.Skipped.Select(s => (s.File, Cells: new[] { TerminalText.Escape(s.File), "-", "-", "skipped: " + TerminalText.Escape(s.Reason) })))
            .OrderBy(row => row.File, StringComparer.Ordinal);
        return string.Concat(rows.Select(row => Row(row.Cells)));
    }

    public string End(FolderPrediction all)
    {
        ArgumentNullException.ThrowIfNull(all);
        return all.FileCount == 0
            ? $"No files in '{TerminalText.Escape(folder)}'.{Environment.NewLine}"
            : string.Create(CultureInfo.InvariantCulture, $"{Environment.NewLine}{Count(all.FileCount, "file")}: {all.Predictions.Length} predicted, {all.Skipped.Length} skipped.{Environment.NewLine}");
    }

    /// <summary>The file left-aligned, digit and confidence right-aligned under their headings, the last column as it is.</summary>
    private string Row(string[] cells) =>
        string.Join("  ", cells[0].PadRight(fileWidth), cells[1].PadLeft(Header[1].Length), cells[2].PadLeft(Header[2].Length), cells[3]) + Environment.NewLine;

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

using System.Globalization;
using System.Text;

namespace MnistFunctional.Evaluation;

/// <summary>
/// Plain-text renderings of evaluation results, laid out like scikit-learn's <c>classification_report</c>:
/// fixed-width, '\n' line ends and invariant culture, so redirected output and snapshots are stable.
/// </summary>
public static class EvaluationText
{
    private const int ColumnWidth = 9;
    private const string WeightedAverageLabel = "weighted avg";

    /// <summary>
    /// The per-class table (precision, recall, f1-score, support) followed by accuracy and the macro and
    /// weighted averages. Classes are named by their index unless <paramref name="classNames"/> is given.
    /// </summary>
    public static string ClassificationTable(ClassificationReport report, IReadOnlyList<string>? classNames = null, int digits = 4)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        var names = Names(report.PerClass.Length, classNames);
        var width = Math.Max(names.Max(name => name.Length), WeightedAverageLabel.Length);
        var text = new StringBuilder();

        text.Append(string.Empty.PadLeft(width)).Append(' ');
        foreach (var header in (string[])["precision", "recall", "f1-score", "support"])
        {
            text.Append(' ').Append(header.PadLeft(ColumnWidth));
        }

        text.Append("\n\n");
        foreach (var metrics in report.PerClass)
        {
            Row(text, names[metrics.ClassIndex], width, digits, metrics.Precision, metrics.Recall, metrics.F1, metrics.Support);
        }

        text.Append('\n');
        text.Append("accuracy".PadLeft(width)).Append(' ')
            .Append(' ', 2 * (ColumnWidth + 1))
            .Append(' ').Append(Fixed(report.Accuracy, digits).PadLeft(ColumnWidth))
            .Append(' ').Append(Integer(report.MacroAverage.Support).PadLeft(ColumnWidth))
            .Append('\n');
        Average(text, "macro avg", width, digits, report.MacroAverage);
        Average(text, WeightedAverageLabel, width, digits, report.WeightedAverage);
        return text.ToString();
    }

    /// <summary>The confusion matrix as an aligned grid: one row per true class, one column per predicted class.</summary>
    public static string ConfusionTable(ConfusionMatrix matrix, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var names = Names(matrix.ClassCount, classNames);
        const string corner = "true\\pred";
        var rowHeaderWidth = Math.Max(corner.Length, names.Max(name => name.Length));
        var largest = matrix.ToRows().SelectMany(row => row).DefaultIfEmpty(0).Max();
        var cellWidth = Math.Max(Integer(largest).Length, names.Max(name => name.Length)) + 1;
        var text = new StringBuilder();

        text.Append(corner.PadLeft(rowHeaderWidth));
        foreach (var name in names)
        {
            text.Append(' ').Append(name.PadLeft(cellWidth));
        }

        text.Append('\n');
        for (var actual = 0; actual < matrix.ClassCount; actual++)
        {
            text.Append(names[actual].PadLeft(rowHeaderWidth));
            for (var predicted = 0; predicted < matrix.ClassCount; predicted++)
            {
                text.Append(' ').Append(Integer(matrix[actual, predicted]).PadLeft(cellWidth));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static void Average(StringBuilder text, string label, int width, int digits, AveragedMetrics average) =>
        Row(text, label, width, digits, average.Precision, average.Recall, average.F1, average.Support);

    private static void Row(StringBuilder text, string label, int width, int digits, double precision, double recall, double f1, int support)
    {
        text.Append(label.PadLeft(width)).Append(' ');
        foreach (var value in (double[])[precision, recall, f1])
        {
            text.Append(' ').Append(Fixed(value, digits).PadLeft(ColumnWidth));
        }

        text.Append(' ').Append(Integer(support).PadLeft(ColumnWidth)).Append('\n');
    }

    private static string[] Names(int classCount, IReadOnlyList<string>? classNames)
    {
        if (classNames is null)
        {
            return [.. Enumerable.Range(0, classCount).Select(Integer)];
        }

        if (classNames.Count != classCount)
        {
            throw new ArgumentException($"{classNames.Count} class names were given for {classCount} classes.", nameof(classNames));
        }

        return [.. classNames];
    }

    private static string Fixed(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);
}

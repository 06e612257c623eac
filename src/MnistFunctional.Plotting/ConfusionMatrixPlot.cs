using System.Globalization;
using MnistFunctional.Evaluation;
using MnistFunctional.IO;
using MnistFunctional.Reporting;
using ScottPlot;

namespace MnistFunctional.Plotting;

/// <summary>
/// The confusion matrix as a PNG heatmap laid out like scikit-learn's <c>ConfusionMatrixDisplay</c>: true class
/// down the side (first class at the top), predicted class along the bottom, each cell's count written in it.
/// </summary>
public static class ConfusionMatrixPlot
{
    public const int DefaultWidth = 800;
    public const int DefaultHeight = 700;

    /// <summary>The heatmap as PNG bytes of exactly <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static byte[] RenderPng(
        ConfusionMatrix matrix,
        IReadOnlyList<string>? classNames = null,
        string title = "Confusion matrix",
        int width = DefaultWidth,
        int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 150);
        var n = matrix.ClassCount;
        var names = classNames ?? [.. Enumerable.Range(0, n).Select(c => c.ToString(CultureInfo.InvariantCulture))];
        if (names.Count != n)
        {
            throw new ArgumentException($"{names.Count} class names were given for {n} classes.", nameof(classNames));
        }

        var rows = matrix.ToRows();
        var intensities = new double[n, n];
        var largest = 1;
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                intensities[r, c] = rows[r][c];
                largest = Math.Max(largest, rows[r][c]);
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(intensities);
        // Blues runs dark to light; reversed, few counts are pale and the diagonal is dark, as in scikit-learn.
        heatmap.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues());

        // Rectangle gives the outer edges, so cell (row r, column c) is centred on (c, n - 1 - r): row 0 on top.
        heatmap.Rectangle = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "count";
        colorBar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

        var fontSize = Math.Clamp(Math.Min(width, height) / (float)(n * 4), 8f, 22f);
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var label = plot.Add.Text(rows[r][c].ToString(CultureInfo.InvariantCulture), c, n - 1 - r);
                label.Alignment = Alignment.MiddleCenter;
                label.LabelFontSize = fontSize;

                // Light text on dark cells, dark text on light ones, as matplotlib's display does.
                label.LabelFontColor = rows[r][c] > largest / 2.0 ? Colors.White : Colors.Black;
            }
        }

        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, [.. names]);
        plot.Axes.Left.SetTicks(positions, [.. Enumerable.Range(0, n).Select(i => names[n - 1 - i])]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = fontSize * 0.8f;
        plot.Axes.Left.TickLabelStyle.FontSize = fontSize * 0.8f;
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();
        plot.Title(title);
        plot.XLabel("Predicted label");
        plot.YLabel("True label");
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Renders the heatmap and writes it to <paramref name="path"/> atomically.</summary>
    public static void Save(
        string path,
        ConfusionMatrix matrix,
        IReadOnlyList<string>? classNames = null,
        string title = "Confusion matrix",
        int width = DefaultWidth,
        int height = DefaultHeight) =>
        AtomicFile.Write(path, RenderPng(matrix, classNames, title, width, height), createFolder: true);
}

using MnistFunctional.IO;
using MnistFunctional.Reporting;
using MnistFunctional.Training;
using ScottPlot;

namespace MnistFunctional.Plotting;

/// <summary>
/// The seed's "accuracy trend" figure: accuracy and val_accuracy per epoch beside loss and val_loss per epoch,
/// two titled panels with legends and axis labels, as a PNG.
/// </summary>
public static class LearningCurvesPlot
{
    public const int DefaultWidth = 1200;
    public const int DefaultHeight = 500;

    /// <summary>The figure as PNG bytes of exactly <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static byte[] RenderPng(IReadOnlyList<EpochMetrics> epochs, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 150);

        // A Multiplot starts with the plot it is given as its first panel.
        var figure = new Multiplot(Panel(epochs, "Model accuracy", "accuracy", m => m.Accuracy, m => m.ValidationAccuracy, Alignment.LowerRight))
        {
            Layout = new ScottPlot.MultiplotLayouts.Columns(),
        };
        figure.AddPlot(Panel(epochs, "Model loss", "loss", m => m.Loss, m => m.ValidationLoss, Alignment.UpperRight));
        return figure.Render(width, height).GetImageBytes(ImageFormat.Png, 100);
    }

    /// <summary>Renders the figure and writes it to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IReadOnlyList<EpochMetrics> epochs, int width = DefaultWidth, int height = DefaultHeight) =>
        AtomicFile.Write(path, RenderPng(epochs, width, height), createFolder: true);

    private static Plot Panel(
        IReadOnlyList<EpochMetrics> epochs,
        string title,
        string metric,
        Func<EpochMetrics, double> train,
        Func<EpochMetrics, double> validation,
        Alignment legendCorner)
    {
        var plot = new Plot();
        var anyLine = Series(plot, epochs, train, metric);
        anyLine |= Series(plot, epochs, validation, "val_" + metric);
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(metric);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (anyLine)
        {
            plot.ShowLegend(legendCorner);
        }

        if (epochs.Count == 1)
        {
            // A single point autoscales to a zero-width range; give the epoch axis some room.
            plot.Axes.SetLimitsX(epochs[0].Epoch - 1, epochs[0].Epoch + 1);
        }

        return plot;
    }

    // Non-finite values (e.g. no validation split) are left out rather than breaking the autoscale.
    private static bool Series(Plot plot, IReadOnlyList<EpochMetrics> epochs, Func<EpochMetrics, double> value, string label)
    {
        var points = epochs.Where(m => double.IsFinite(value(m))).ToArray();
        if (points.Length == 0)
        {
            return false;
        }

        var line = plot.Add.Scatter(points.Select(m => (double)m.Epoch).ToArray(), points.Select(value).ToArray());
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = 6;
        return true;
    }
}

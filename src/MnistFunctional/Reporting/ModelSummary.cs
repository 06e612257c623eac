using System.Globalization;
using System.Text;
using MnistFunctional.Dsl;

namespace MnistFunctional.Reporting;

/// <summary>
/// A Keras-style summary table of an architecture: layer, output shape, parameter count, totals; BatchNorm's moving
/// statistics count as Keras counts them, in the total and apart as non-trainable. The layer and shape columns have
/// Keras's widths and widen, with the rules, for a longer cell (e.g. "GlobalAvgPool1 (GlobalAvgPool)"), so every row stays aligned.
/// </summary>
public static class ModelSummary
{
    private const int NameWidth = 29;
    private const int ShapeWidth = 26;
    private const int Width = 65;
    private const int ParameterWidth = 10;
    private const int ConnectedWidth = 25;

    public static string Render(string name, Architecture architecture)
    {
        var layers = architecture.Describe();
        // A network with residual connections is no plain chain: as Keras does for a functional model, a fourth column
        // names the layers each one reads (a residual's addition reads its block's last layer and its shortcut).
        var connected = layers.Any(layer => layer.Shortcut >= 0);
        var rows = layers.Skip(1).Select(info => (
            Layer: $"{info.Name} ({TypeOf(info)})",
            Shape: info.Output.IsImage ? $"(None, {info.Output.Height}, {info.Output.Width}, {info.Output.Channels})" : $"(None, {info.Output.Channels})",
            Parameters: Count(info.ParameterCount),
            Reads: info.Shortcut >= 0 ? $"{layers[info.Source].Name}, {layers[info.Shortcut].Name}" : layers[info.Source].Name)).ToList();
        // A cell needs one space after it: a column is as wide as Keras makes it, or as its longest cell and that space.
        var columns = new Columns(
            Math.Max(NameWidth, rows.Max(row => row.Layer.Length) + 1),
            Math.Max(ShapeWidth, rows.Max(row => row.Shape.Length) + 1));
        var width = columns.Widening + (connected ? Width + ConnectedWidth : Width);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Model: \"{name}\"\n");
        text.Append('_', width).Append('\n');
        Row(text, columns, "Layer (type)", "Output Shape", "Param #", connected ? "Connected to" : null);
        text.Append('=', width).Append('\n');
        foreach (var row in rows)
        {
            Row(text, columns, row.Layer, row.Shape, row.Parameters, connected ? row.Reads : null);
        }

        var total = layers.Sum(layer => layer.ParameterCount);
        var nonTrainable = layers.Sum(layer => layer.NonTrainableCount);
        text.Append('=', width).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Total params: {Count(total)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Trainable params: {Count(total - nonTrainable)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Non-trainable params: {Count(nonTrainable)}\n");
        text.Append('_', width).Append('\n');
        return text.ToString();
    }

    /// <summary>The type column: the kind, for a residual's addition Keras's <c>Add</c> (with the activation after it, if any).</summary>
    private static string TypeOf(LayerInfo info) => info.Layer switch
    {
        ResidualLayer { Activation: Activation.Linear } => "Add",
        ResidualLayer residual => $"Add + {residual.Activation}",
        _ => info.Kind,
    };

    /// <summary>One row, each column at its place; a cell too long for its column (only a header's can be) pushes the rest by a space.</summary>
    private static void Row(StringBuilder text, Columns columns, string layer, string shape, string parameters, string? connected)
    {
        var row = new StringBuilder(" ");
        void Cell(string value, int stop)
        {
            row.Append(value);
            row.Append(' ', Math.Max(1, stop - row.Length));
        }

        Cell(layer, 1 + columns.Name);
        Cell(shape, 1 + columns.Name + columns.Shape);
        if (connected is null)
        {
            row.Append(parameters);
        }
        else
        {
            Cell(parameters, 1 + columns.Name + columns.Shape + ParameterWidth);
            row.Append(connected);
        }

        text.Append(row).Append('\n');
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The widths of the layer and shape columns; <see cref="Widening"/>: how much wider than Keras's the table is.</summary>
    private readonly record struct Columns(int Name, int Shape)
    {
        public int Widening => Name - NameWidth + (Shape - ShapeWidth);
    }
}

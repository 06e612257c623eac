using System.Globalization;
using System.Text;
using MnistFunctional.Dsl;

namespace MnistFunctional.Reporting;

/// <summary>
/// A Keras-style summary table of an architecture: layer, output shape, parameter count, totals; BatchNorm's moving
/// statistics count as Keras counts them, in the total and apart as non-trainable.
/// </summary>
public static class ModelSummary
{
    private const int NameWidth = 29;
    private const int ShapeWidth = 26;
    private const int Width = 65;

    public static string Render(string name, Architecture architecture)
    {
        var layers = architecture.Describe();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Model: \"{name}\"\n");
        text.Append('_', Width).Append('\n');
        Row(text, "Layer (type)", "Output Shape", "Param #");
        text.Append('=', Width).Append('\n');
        foreach (var info in layers.Skip(1))
        {
            var shape = info.Output.IsImage
                ? $"(None, {info.Output.Height}, {info.Output.Width}, {info.Output.Channels})"
                : $"(None, {info.Output.Channels})";
            Row(text, $"{info.Name} ({info.Kind})", shape, Count(info.ParameterCount));
        }

        var total = layers.Sum(layer => layer.ParameterCount);
        var nonTrainable = layers.Sum(layer => layer.NonTrainableCount);
        text.Append('=', Width).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Total params: {Count(total)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Trainable params: {Count(total - nonTrainable)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Non-trainable params: {Count(nonTrainable)}\n");
        text.Append('_', Width).Append('\n');
        return text.ToString();
    }

    private static void Row(StringBuilder text, string layer, string shape, string parameters) =>
        text.Append(' ').Append(layer.PadRight(NameWidth)).Append(shape.PadRight(ShapeWidth)).Append(parameters).Append('\n');

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

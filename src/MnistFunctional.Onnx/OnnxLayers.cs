using MnistFunctional.Dsl;
using MnistFunctional.Tensors;
using Onnx;
using static MnistFunctional.Onnx.OnnxGraph;

namespace MnistFunctional.Onnx;

/// <summary>
/// Each layer kind as ONNX nodes (opset 17), one case per kind: images flow channels first (NCHW), vectors as
/// [N, features]; parameters become initializers in ONNX's layouts (conv OIHW, Gemm B = our (inputs, units)).
/// </summary>
internal static class OnnxLayers
{
    public static OnnxValue Add(OnnxGraph graph, OnnxLayer layer) => layer.Info.Layer switch
    {
        ConvLayer conv => Conv(graph, layer, conv),
        PoolLayer pool => new OnnxValue(graph.Node("MaxPool", [layer.Input.Name], layer.OutputName, Window(layer, pool.Window, pool.Stride)), layer.Output),
        AvgPoolLayer pool => new OnnxValue(
            graph.Node("AveragePool", [layer.Input.Name], layer.OutputName, [.. Window(layer, pool.Window, pool.Stride), Int("count_include_pad", 0)]),
            layer.Output),
        GlobalAvgPoolLayer => new OnnxValue(
            graph.Node("Flatten", [graph.Node("GlobalAveragePool", [layer.Input.Name], layer.Name + ".nc11")], layer.OutputName, Int("axis", 1)),
            layer.Output),
        FlattenLayer => new OnnxValue(graph.Node("Flatten", [layer.Input.Name], layer.OutputName, Int("axis", 1)), layer.Output, layer.Info.Input),
        DenseLayer dense => Dense(graph, layer, dense),
        DropoutLayer => layer.Input, // training only: inference passes its input on unchanged (flatten order included)
        BatchNormLayer norm => BatchNorm(graph, layer, norm),
        ResidualLayer residual => Activated(
            graph,
            layer,
            residual.Activation,
            output => graph.Node("Add", [KerasOrder(graph, layer.Input, layer.Name + ".block").Name, KerasOrder(graph, layer.Shortcut!, layer.Name + ".shortcut").Name], output)),
        _ => throw new NotSupportedException($"{layer.Name}: ONNX export does not know the layer kind {layer.Info.Kind} ({layer.Info.Layer.CanonicalText})."),
    };

    private static OnnxValue Conv(OnnxGraph graph, OnnxLayer layer, ConvLayer conv)
    {
        var channels = layer.Info.Input.Channels;
        var kernel = graph.Initializer(layer.Name + ".kernel", [conv.Filters, channels, conv.Kernel, conv.Kernel], KernelLayout.HwioToOihw(layer.Tensor("kernel"), conv.Kernel, channels, conv.Filters));
        var bias = graph.Initializer(layer.Name + ".bias", [conv.Filters], layer.Tensor("bias"));
        return Activated(graph, layer, conv.Activation, output => graph.Node(
            "Conv",
            [layer.Input.Name, kernel, bias],
            output,
            Window(layer, conv.Kernel, conv.Stride)));
    }

    private static OnnxValue Dense(OnnxGraph graph, OnnxLayer layer, DenseLayer dense)
    {
        var rows = layer.Tensor("kernel");
        if (layer.Input.FlattenedFrom is { } image)
        {
            rows = ChannelsFirstRows(rows, image, dense.Units);
        }

        var kernel = graph.Initializer(layer.Name + ".kernel", [layer.Info.Input.Size, dense.Units], rows);
        var bias = graph.Initializer(layer.Name + ".bias", [dense.Units], layer.Tensor("bias"));
        return Activated(graph, layer, dense.Activation, output => graph.Node("Gemm", [layer.Input.Name, kernel, bias], output));
    }

    /// <summary>
    /// Inference-mode BatchNormalization over the channel axis (axis 1 of NCHW or [N, features]) with the moving
    /// statistics; after a Flatten its per-unit tensors follow ONNX's C·H·W order, as a following Dense's rows do.
    /// </summary>
    private static OnnxValue BatchNorm(OnnxGraph graph, OnnxLayer layer, BatchNormLayer norm)
    {
        var image = layer.Input.FlattenedFrom;
        string Tensor(string suffix)
        {
            var values = layer.Tensor(suffix);
            return graph.Initializer($"{layer.Name}.{suffix}", [values.Length], image is { } flattened ? ChannelsFirstRows(values, flattened, 1) : values);
        }

        string[] inputs = [layer.Input.Name, Tensor("gamma"), Tensor("beta"), Tensor("moving_mean"), Tensor("moving_variance")];
        return new OnnxValue(graph.Node("BatchNormalization", inputs, layer.OutputName, Float("epsilon", (float)norm.Epsilon)), layer.Output, image);
    }

    /// <summary>The layer's main node, then its activation; the last node writes the layer's output value.</summary>
    private static OnnxValue Activated(OnnxGraph graph, OnnxLayer layer, Activation activation, Func<string, string> main)
    {
        if (activation == Activation.Linear)
        {
            return new OnnxValue(main(layer.OutputName), layer.Output);
        }

        var linear = main(layer.Name + ".linear");
        var output = activation switch
        {
            Activation.ReLU => graph.Node("Relu", [linear], layer.OutputName),
            Activation.Tanh => graph.Node("Tanh", [linear], layer.OutputName),
            Activation.Sigmoid => graph.Node("Sigmoid", [linear], layer.OutputName),
            Activation.Softmax => graph.Node("Softmax", [linear], layer.OutputName, Int("axis", 1)),
            _ => throw new NotSupportedException($"{layer.Name}: ONNX export does not know the activation {activation}."),
        };
        return new OnnxValue(output, layer.Output);
    }

    /// <summary>
    /// A value in the layout of our own values: a vector flattened from an image in ONNX's C·H·W order is put back in
    /// Keras's H·W·C order (Reshape to NCHW, Transpose to NHWC, Flatten), so an addition meets its operands element for
    /// element; any other value as it is.
    /// </summary>
    private static OnnxValue KerasOrder(OnnxGraph graph, OnnxValue value, string name)
    {
        if (value.FlattenedFrom is not { } image)
        {
            return value;
        }

        var shape = graph.Int64Initializer(name + ".nchw_shape", 0, image.Channels, image.Height, image.Width);
        var nchw = graph.Node("Reshape", [value.Name, shape], name + ".nchw");
        var nhwc = graph.Node("Transpose", [nchw], name + ".nhwc", Ints("perm", 0, 2, 3, 1));
        return new OnnxValue(graph.Node("Flatten", [nhwc], name + ".hwc", Int("axis", 1)), value.Shape);
    }

    /// <summary>
    /// The window attributes of a convolution or pooling: kernel_shape, strides and the pads that give the output
    /// shape the chain interpreter inferred — zero for valid padding; for same padding TF/Keras's split (the total
    /// (out − 1)·stride + window − in, the smaller half before, the larger after), which ONNX's SAME_UPPER also uses.
    /// </summary>
    internal static AttributeProto[] Window(OnnxLayer layer, int window, int stride)
    {
        var (input, output) = (layer.Info.Input, layer.Info.Output);
        var height = Math.Max(((output.Height - 1) * stride) + window - input.Height, 0);
        var width = Math.Max(((output.Width - 1) * stride) + window - input.Width, 0);
        return
        [
            Ints("kernel_shape", window, window),
            Ints("strides", stride, stride),
            Ints("pads", height / 2, width / 2, height - (height / 2), width - (width / 2)),
        ];
    }

    /// <summary>
    /// A Dense kernel (inputs, units) whose rows follow Keras's H·W·C flatten order, reordered to the C·H·W order
    /// of ONNX's Flatten of an NCHW image — so the graph flattens as it is, with no transpose at run time.
    /// </summary>
    internal static float[] ChannelsFirstRows(float[] kernel, Shape image, int units)
    {
        KernelLayout.RequireLength(kernel.Length, image.Size * units, "dense kernel");
        var rows = new float[kernel.Length];
        var (height, width, channels) = (image.Height, image.Width, image.Channels);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var keras = ((y * width) + x) * channels + c;
                    var onnx = ((c * height) + y) * width + x;
                    Array.Copy(kernel, keras * units, rows, onnx * units, units);
                }
            }
        }

        return rows;
    }
}

using MnistFunctional.Dsl;
using MnistFunctional.Tensors;
using static MnistFunctional.Onnx.OnnxGraph;

namespace MnistFunctional.Onnx;

/// <summary>
/// Each layer kind as ONNX nodes (opset 17), one case per kind: images flow channels first (NCHW), vectors as
/// [N, features]; parameters become initializers in ONNX's layouts (conv OIHW, Gemm B = our (inputs, units)).
/// </summary>
internal static class OnnxLayers
{
    public static OnnxValue Add(OnnxGraph graph, OnnxLayer layer) => layer.Layer switch
    {
        ConvLayer conv => Conv(graph, layer, conv),
        PoolLayer pool => new OnnxValue(
            graph.Node("MaxPool", [layer.Input.Name], layer.OutputName, Ints("kernel_shape", pool.Window, pool.Window), Ints("strides", pool.Window, pool.Window)),
            layer.Output),
        FlattenLayer => new OnnxValue(graph.Node("Flatten", [layer.Input.Name], layer.OutputName, Int("axis", 1)), layer.Output, layer.Input.Shape),
        DenseLayer dense => Dense(graph, layer, dense),
        _ => throw new NotSupportedException($"{layer.Name}: ONNX export does not know the layer kind {layer.Layer.GetType().Name} ({layer.Layer.CanonicalText})."),
    };

    private static OnnxValue Conv(OnnxGraph graph, OnnxLayer layer, ConvLayer conv)
    {
        var channels = layer.Input.Shape.Channels;
        var kernel = graph.Initializer(layer.Name + ".kernel", [conv.Filters, channels, conv.Kernel, conv.Kernel], KernelLayout.HwioToOihw(layer.Tensor("kernel"), conv.Kernel, channels, conv.Filters));
        var bias = graph.Initializer(layer.Name + ".bias", [conv.Filters], layer.Tensor("bias"));
        return Activated(graph, layer, conv.Activation, output => graph.Node(
            "Conv",
            [layer.Input.Name, kernel, bias],
            output,
            Ints("kernel_shape", conv.Kernel, conv.Kernel),
            Ints("strides", conv.Stride, conv.Stride),
            Ints("pads", 0, 0, 0, 0)));
    }

    private static OnnxValue Dense(OnnxGraph graph, OnnxLayer layer, DenseLayer dense)
    {
        var rows = layer.Tensor("kernel");
        if (layer.Input.FlattenedFrom is { } image)
        {
            rows = ChannelsFirstRows(rows, image, dense.Units);
        }

        var kernel = graph.Initializer(layer.Name + ".kernel", [layer.Input.Shape.Size, dense.Units], rows);
        var bias = graph.Initializer(layer.Name + ".bias", [dense.Units], layer.Tensor("bias"));
        return Activated(graph, layer, dense.Activation, output => graph.Node("Gemm", [layer.Input.Name, kernel, bias], output));
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

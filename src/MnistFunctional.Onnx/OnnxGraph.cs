using Onnx;

namespace MnistFunctional.Onnx;

/// <summary>
/// Collects the nodes and initializers of one graph while <see cref="OnnxExport"/> walks the layers; each
/// node gets a unique name from its output. Used inside one export call only.
/// </summary>
internal sealed class OnnxGraph
{
    public GraphProto Proto { get; } = new();

    /// <summary>Adds a node <paramref name="op"/>(<paramref name="inputs"/>) → <paramref name="output"/>; returns the output's name.</summary>
    public string Node(string op, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = output + "/" + op };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Proto.Node.Add(node);
        return output;
    }

    /// <summary>Adds an int64 vector constant (a shape for Reshape); returns its name.</summary>
    public string Int64Initializer(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Proto.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a float32 constant tensor of shape <paramref name="dims"/>; returns its name.</summary>
    public string Initializer(string name, ReadOnlySpan<int> dims, float[] data)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        foreach (var dim in dims)
        {
            tensor.Dims.Add(dim);
        }

        tensor.FloatData.AddRange(data);
        Proto.Initializer.Add(tensor);
        return name;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A float32 tensor value of shape [N, <paramref name="dims"/>…] with a symbolic batch dimension.</summary>
    public static ValueInfoProto BatchTensor(string name, params int[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxFormat.BatchDimension });
        foreach (var dim in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        var type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } };
        return new ValueInfoProto { Name = name, Type = type };
    }
}

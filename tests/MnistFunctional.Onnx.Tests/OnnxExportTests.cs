using MnistFunctional.Dsl;
using MnistFunctional.Models;
using MnistFunctional.Tensors;
using MnistFunctional.Tests;
using MnistFunctional.Tests.TestNetworks;
using Onnx;

namespace MnistFunctional.Onnx.Tests;

/// <summary>What the exported file says about itself, the Flatten order, determinism and the refusals.</summary>
public sealed class OnnxExportTests
{
    private static readonly Dictionary<string, string> Facts = new() { ["epochs"] = "10", ["test_accuracy"] = "0.9912" };

    [Fact]
    public void Model_has_opset_17_producer_metadata_and_the_named_channels_last_input_and_output()
    {
        var model = ModelProto.Parser.ParseFrom(OnnxExport.Encode(MnistCnn.Network.Name, MnistCnn.Architecture, MnistCnn.Initialize(1), Facts));

        Assert.Equal(OnnxFormat.IrVersion, model.IrVersion);
        Assert.Equal(OnnxFormat.Opset, Assert.Single(model.OpsetImport).Version);
        Assert.Equal("MnistFunctional", model.ProducerName);
        var metadata = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(MnistCnn.Architecture.CanonicalText, metadata["architecture"]);
        Assert.Equal(MnistCnn.Network.Name, metadata["network"]);
        Assert.Equal("10", metadata["training.epochs"]);
        Assert.Equal("0.9912", metadata["training.test_accuracy"]);

        var input = Assert.Single(model.Graph.Input);
        Assert.Equal("input", input.Name);
        Assert.Equal(["N", "28", "28", "1"], Dims(input));
        var output = Assert.Single(model.Graph.Output);
        Assert.Equal("probabilities", output.Name);
        Assert.Equal(["N", "10"], Dims(output));
        Assert.Equal(["Transpose", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Conv", "Relu", "Flatten", "Gemm", "Relu", "Gemm", "Softmax"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal(10, model.Graph.Initializer.Count);
    }

    [Fact]
    public void Dropout_is_left_out_and_the_pooling_kinds_map_to_their_ONNX_operators()
    {
        var dropout = ModelProto.Parser.ParseFrom(OnnxExport.Encode(DropoutNet.Network.Name, DropoutNet.Architecture, DropoutNet.Initialize(1)));
        var pooling = ModelProto.Parser.ParseFrom(OnnxExport.Encode(PoolingNet.Network.Name, PoolingNet.Architecture, PoolingNet.Initialize(1)));

        Assert.Equal(["Transpose", "Conv", "Tanh", "MaxPool", "Flatten", "Gemm", "Tanh", "Gemm", "Softmax"], dropout.Graph.Node.Select(n => n.OpType));
        Assert.Equal(["Transpose", "Conv", "Relu", "AveragePool", "MaxPool", "Conv", "Tanh", "GlobalAveragePool", "Flatten", "Gemm", "Softmax"], pooling.Graph.Node.Select(n => n.OpType));
        var average = pooling.Graph.Node.Single(n => n.OpType == "AveragePool");
        Assert.Equal(0, average.Attribute.Single(a => a.Name == "count_include_pad").I);
        Assert.Equal([0L, 0, 0, 1], average.Attribute.Single(a => a.Name == "pads").Ints); // 10×9 → 5×5: one column of padding after
        Assert.Equal([1L, 1, 1, 1], pooling.Graph.Node.First(n => n.OpType == "Conv").Attribute.Single(a => a.Name == "pads").Ints);
    }

    [Fact]
    public void BatchNorm_is_a_BatchNormalization_node_with_the_moving_statistics_and_needs_the_state()
    {
        var network = BatchNormDropoutNet.Network;
        var state = OnnxAgreement.RandomState(network, seed: 5);
        var model = ModelProto.Parser.ParseFrom(OnnxExport.Encode(network.Name, network.Architecture, network.Initialize(1), state: state));

        Assert.Equal(["Transpose", "Conv", "Tanh", "BatchNormalization", "Flatten", "BatchNormalization", "Gemm", "Softmax"], model.Graph.Node.Select(n => n.OpType));
        var norms = model.Graph.Node.Where(n => n.OpType == "BatchNormalization").ToList();
        Assert.Equal([1e-3f, 1e-5f], norms.Select(n => n.Attribute.Single(a => a.Name == "epsilon").F));
        Assert.Equal(["BatchNorm1.gamma", "BatchNorm1.beta", "BatchNorm1.moving_mean", "BatchNorm1.moving_variance"], norms[0].Input.Skip(1));
        var mean = model.Graph.Initializer.Single(t => t.Name == "BatchNorm1.moving_mean");
        Assert.Equal(state.Tensors[0].Data, mean.FloatData);
        var missing = Assert.Throws<ArgumentException>(() => OnnxExport.Encode(network.Name, network.Architecture, network.Initialize(1)));
        Assert.Contains("BatchNorm1.moving_mean", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ONNX_Runtime_sees_a_dynamic_batch_and_the_metadata()
    {
        using var onnx = OnnxPredictor.FromBytes(OnnxExport.Encode(TinyNet.Network.Name, TinyNet.Architecture, TinyNet.Initialize(3), Facts));

        Assert.Equal(64, onnx.Features);
        Assert.Equal(3, onnx.Classes);
        Assert.Equal("0.9912", onnx.Metadata["training.test_accuracy"]);
        Assert.Equal(TinyNet.Architecture.CanonicalText, onnx.Metadata["architecture"]);
    }

    [Fact]
    public void Encoding_is_deterministic()
    {
        var parameters = MnistCnn.Initialize(5);
        Assert.Equal(
            OnnxExport.Encode("MnistCnn", MnistCnn.Architecture, parameters, Facts),
            OnnxExport.Encode("MnistCnn", MnistCnn.Architecture, parameters, Facts));
    }

    [Fact]
    public void Dense_rows_are_reordered_from_Keras_HWC_to_ONNX_CHW_flatten_order()
    {
        // A 1×2×3 image: Keras flattens (y, x, c) → x·3 + c, ONNX's NCHW flatten → c·2 + x. One unit: the row index is the value.
        var kernel = Enumerable.Range(0, 6).Select(i => (float)i).ToArray();

        var rows = OnnxLayers.ChannelsFirstRows(kernel, Shape.Image(1, 2, 3), units: 1);

        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], rows);
    }

    [Fact]
    public void Parameters_of_another_architecture_are_refused_naming_both()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxExport.Encode("TinyNet", MnistCnn.Architecture, TinyNet.Initialize(1)));
        Assert.Contains("Conv1.kernel (3, 3, 1, 4)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Conv1.kernel (3, 3, 1, 32)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_writes_the_file_atomically_and_nothing_when_the_folder_is_missing()
    {
        using var folder = new TempFolder();
        var parameters = TinyNet.Initialize(2);
        var path = folder.File("tiny.onnx");

        OnnxExport.Save(path, "TinyNet", TinyNet.Architecture, parameters);

        Assert.Equal(OnnxExport.Encode("TinyNet", TinyNet.Architecture, parameters), File.ReadAllBytes(path));
        Assert.Equal(["tiny.onnx"], folder.Entries());
        var missing = Path.Combine(folder.Path, "no-such-folder", "x.onnx");
        var error = Assert.Throws<IOException>(() => OnnxExport.Save(missing, "TinyNet", TinyNet.Architecture, parameters));
        Assert.Contains("no-such-folder", error.Message, StringComparison.Ordinal);
        Assert.Equal(["tiny.onnx"], folder.Entries());
    }

    [Fact]
    public void A_file_that_is_not_ONNX_is_refused_naming_it()
    {
        using var folder = new TempFolder();
        var path = folder.Write("bad.onnx", [1, 2, 3, 4, 5]);

        var error = Assert.Throws<InvalidDataException>(() => OnnxPredictor.Load(path));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    private static string[] Dims(ValueInfoProto value) =>
        [.. value.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

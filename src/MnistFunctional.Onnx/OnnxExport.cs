using System.Collections.Immutable;
using System.Reflection;
using Google.Protobuf;
using MnistFunctional.Dsl;
using MnistFunctional.IO;
using MnistFunctional.Serialization;
using MnistFunctional.Tensors;
using Onnx;

namespace MnistFunctional.Onnx;

/// <summary>
/// Any declared network with its parameters as an ONNX model (opset 17, IR 8) that ONNX Runtime and any ONNX
/// serving engine run as is. Input <c>input</c>: float32 [N, H, W, C] channels last like our data (a Transpose to
/// NCHW is the graph's first node), N dynamic; output <c>probabilities</c>: float32 [N, classes]. The network's
/// name, architecture and training facts are the model's metadata_props. <see cref="Build"/> and
/// <see cref="Encode"/> are pure and deterministic; <see cref="Save"/> writes atomically (temporary file, rename).
/// </summary>
public static class OnnxExport
{
    /// <summary>
    /// The ONNX model of <paramref name="parameters"/> (Keras layout, <see cref="ParameterLayout"/>'s names and shapes) in
    /// inference mode: Dropout left out, BatchNorm a BatchNormalization node with the moving statistics of
    /// <paramref name="state"/> (null for a network without stateful layers).
    /// </summary>
    /// <exception cref="ArchitectureException">The architecture is invalid.</exception>
    /// <exception cref="ArgumentException">The tensors are not those of the architecture.</exception>
    public static ModelProto Build(
        string networkName, Architecture architecture, IReadOnlyList<NamedTensor> parameters, IReadOnlyDictionary<string, string>? trainingFacts = null, NetworkState? state = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(networkName);
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        var layers = architecture.Describe();
        ParameterLayout.Require(architecture, parameters, nameof(parameters));
        var stateTensors = state is null || state.IsEmpty ? [] : state.Tensors;
        ParameterLayout.RequireState(architecture, stateTensors, nameof(state));
        var tensors = parameters.Concat(stateTensors).ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);

        var graph = new OnnxGraph();
        var input = layers[0].Output;
        graph.Proto.Name = networkName;
        graph.Proto.Input.Add(OnnxGraph.BatchTensor(OnnxFormat.InputName, input.Height, input.Width, input.Channels));
        var values = new List<OnnxValue> { new(graph.Node("Transpose", [OnnxFormat.InputName], layers[0].Name + ".nchw", OnnxGraph.Ints("perm", 0, 3, 1, 2)), input) };
        for (var index = 1; index < layers.Length; index++)
        {
            // Each layer reads its source's value (the one before it in a chain, a residual's input for its block and projection).
            var layer = layers[index];
            var outputName = index == layers.Length - 1 ? OnnxFormat.OutputName : layer.Name;
            var shortcut = layer.Shortcut >= 0 ? values[layer.Shortcut] : null;
            values.Add(OnnxLayers.Add(graph, new OnnxLayer(layer, values[layer.Source], outputName, tensors, shortcut)));
        }

        var value = values[^1];

        graph.Proto.Output.Add(OnnxGraph.BatchTensor(OnnxFormat.OutputName, value.Shape.Size));

        var model = new ModelProto
        {
            IrVersion = OnnxFormat.IrVersion,
            ProducerName = OnnxFormat.ProducerName,
            ProducerVersion = ProducerVersion,
            DocString = $"{networkName}: {architecture.CanonicalText}. Input '{OnnxFormat.InputName}' float32 [N, {input.Height}, {input.Width}, {input.Channels}] channels last; output '{OnnxFormat.OutputName}' float32 [N, {value.Shape.Size}].",
            Graph = graph.Proto,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxFormat.Opset });
        foreach (var (key, text) in Metadata(networkName, architecture, trainingFacts))
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = text });
        }

        return model;
    }

    /// <summary>The ONNX file's bytes; pure and deterministic.</summary>
    public static byte[] Encode(
        string networkName, Architecture architecture, IReadOnlyList<NamedTensor> parameters, IReadOnlyDictionary<string, string>? trainingFacts = null, NetworkState? state = null) =>
        Build(networkName, architecture, parameters, trainingFacts, state).ToByteArray();

    /// <summary>As <see cref="Encode(string, Architecture, IReadOnlyList{NamedTensor}, IReadOnlyDictionary{string, string}?, NetworkState?)"/> for a parameter record.</summary>
    public static byte[] Encode<TParameters>(
        string networkName, Architecture architecture, TParameters parameters, IReadOnlyDictionary<string, string>? trainingFacts = null, NetworkState? state = null)
        where TParameters : ITensorSet<TParameters> =>
        Encode(networkName, architecture, parameters.Tensors, trainingFacts, state);

    /// <summary>Writes the ONNX file atomically to <paramref name="path"/>: all of it or, on failure, nothing.</summary>
    /// <exception cref="IOException">The file could not be written; the message names it.</exception>
    public static void Save<TParameters>(
        string path, string networkName, Architecture architecture, TParameters parameters, IReadOnlyDictionary<string, string>? trainingFacts = null, NetworkState? state = null)
        where TParameters : ITensorSet<TParameters>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, Encode(networkName, architecture, parameters, trainingFacts, state));
    }

    private static string ProducerVersion =>
        typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private static ImmutableSortedDictionary<string, string> Metadata(string networkName, Architecture architecture, IReadOnlyDictionary<string, string>? trainingFacts)
    {
        var metadata = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        metadata[OnnxFormat.NetworkKey] = networkName;
        metadata[OnnxFormat.ArchitectureKey] = architecture.CanonicalText;
        foreach (var (key, text) in trainingFacts ?? ImmutableDictionary<string, string>.Empty)
        {
            metadata[OnnxFormat.TrainingPrefix + key] = text;
        }

        return metadata.ToImmutable();
    }
}

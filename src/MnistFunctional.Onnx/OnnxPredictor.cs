using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime;
using MnistFunctional.Backend;

namespace MnistFunctional.Onnx;

/// <summary>
/// An exported model run by ONNX Runtime (its default CPU provider, all graph optimizations, sequential
/// execution, one intra-op thread per core), in our layout: inputs are (features × batch) matrices, one
/// channels-last example per column (which is exactly [N, H, W, C] row-major), outputs (classes × batch).
/// The session is native: dispose it.
/// </summary>
public sealed class OnnxPredictor : IDisposable
{
    private readonly InferenceSession session;
    private readonly long[] exampleShape;
    private readonly RunOptions runOptions = new();

    private OnnxPredictor(InferenceSession session)
    {
        this.session = session;
        var input = session.InputMetadata.TryGetValue(OnnxFormat.InputName, out var meta)
            ? meta
            : throw new InvalidDataException($"the model has no input named '{OnnxFormat.InputName}' (it has {string.Join(", ", session.InputMetadata.Keys)}).");
        var output = session.OutputMetadata.TryGetValue(OnnxFormat.OutputName, out var outMeta)
            ? outMeta
            : throw new InvalidDataException($"the model has no output named '{OnnxFormat.OutputName}' (it has {string.Join(", ", session.OutputMetadata.Keys)}).");
        exampleShape = [.. input.Dimensions.Skip(1).Select(d => (long)d)];
        Features = (int)exampleShape.Aggregate(1L, (a, b) => a * b);
        Classes = output.Dimensions[^1];
        if (exampleShape.Any(d => d <= 0) || Classes <= 0)
        {
            throw new InvalidDataException($"the model's input [{string.Join(", ", input.Dimensions)}] or output [{string.Join(", ", output.Dimensions)}] has a size other than the batch that is not fixed.");
        }
    }

    /// <summary>Floats in one example (H·W·C).</summary>
    public int Features { get; }

    public int Classes { get; }

    /// <summary>The options this project runs ONNX Runtime with: defaults, all graph optimizations, sequential execution, threads = cores.</summary>
    public static SessionOptions DefaultOptions() => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        IntraOpNumThreads = Environment.ProcessorCount,
    };

    /// <summary>Loads an ONNX file.</summary>
    /// <exception cref="InvalidDataException">The file is missing, unreadable or not a model ONNX Runtime accepts; the message names it.</exception>
    public static OnnxPredictor Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: no such file.");
        }

        try
        {
            // Only a regular file, opened without blocking and read up to 1 GiB (a FIFO or /dev/zero is refused; docs/hostile-input.md).
            return FromBytes(IO.RegularFile.ReadAll(path, 1L << 30));
        }
        catch (Exception error) when (error is OnnxRuntimeException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: {error.Message}", error);
        }
    }

    /// <summary>A session over a model held in memory (e.g. <see cref="OnnxExport.Encode(string, Dsl.Architecture, IReadOnlyList{Tensors.NamedTensor}, IReadOnlyDictionary{string, string}?)"/>'s bytes).</summary>
    public static OnnxPredictor FromBytes(byte[] model)
    {
        using var options = DefaultOptions();
        var session = new InferenceSession(model, options);
        try
        {
            return new OnnxPredictor(session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The model's metadata_props (network, architecture, training.*).</summary>
    public IReadOnlyDictionary<string, string> Metadata => session.ModelMetadata.CustomMetadataMap;

    /// <summary>Class probabilities (classes × batch) of <paramref name="input"/> (features × batch).</summary>
    public Matrix<float> Predict(Matrix<float> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = Storage.Matrix(Classes, input.ColumnCount);
        PredictInto(input, output);
        return output;
    }

    /// <summary>As <see cref="Predict"/>, into <paramref name="output"/> (classes × batch): ONNX Runtime writes there directly.</summary>
    public void PredictInto(Matrix<float> input, Matrix<float> output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (input.RowCount != Features || output.RowCount != Classes || output.ColumnCount != input.ColumnCount)
        {
            throw new ArgumentException($"Expected input {Features} × N and output {Classes} × N, got {input.RowCount} × {input.ColumnCount} and {output.RowCount} × {output.ColumnCount}.");
        }

        long batch = input.ColumnCount;
        using var inputValue = OrtValue.CreateTensorValueFromMemory(Storage.Of(input), [batch, .. exampleShape]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(Storage.Of(output), [batch, Classes]);
        session.Run(runOptions, [OnnxFormat.InputName], [inputValue], [OnnxFormat.OutputName], [outputValue]);
    }

    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
    }
}

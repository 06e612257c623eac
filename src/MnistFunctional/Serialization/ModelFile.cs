using System.Collections.Immutable;
using System.Globalization;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Serialization;

/// <summary>
/// A network's parameters in a safetensors file (readable by Python's <c>safetensors</c>), with a
/// <c>__metadata__</c> that carries the format version, the network's name, the architecture's canonical text,
/// the training facts (<c>training.*</c>) and checksums of the header and of the tensor bytes. Tensors are
/// stored in Keras layout, in ordinal name order. No timestamps: the same parameters and facts give
/// byte-identical files. <see cref="Encode{TParameters}"/>, <see cref="Decode{TParameters}"/> and
/// <see cref="DecodeInfo"/> are pure; <see cref="Save{TParameters}(string, string, Architecture, TParameters, IReadOnlyDictionary{string, string}?)"/>,
/// <see cref="Load{TParameters}(string, Architecture)"/> and <see cref="ReadInfo"/> do the file I/O (atomic writes).
/// Every problem is a <see cref="ModelFileException"/> naming the file.
/// </summary>
public static class ModelFile
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Saves <paramref name="parameters"/> (and <paramref name="state"/>, BatchNorm's moving statistics) of <paramref name="network"/> atomically to <paramref name="path"/>.</summary>
    public static void Save<TParameters, TGradients>(string path, INetwork<TParameters, TGradients> network, TParameters parameters, IReadOnlyDictionary<string, string>? trainingFacts = null, NetworkState? state = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        ArgumentNullException.ThrowIfNull(network);
        Save(path, network.Name, network.Architecture, parameters, trainingFacts, state);
    }

    /// <summary>Saves <paramref name="parameters"/> and <paramref name="state"/> atomically to <paramref name="path"/> (temporary file, then rename).</summary>
    public static void Save<TParameters>(string path, string networkName, Architecture architecture, TParameters parameters, IReadOnlyDictionary<string, string>? trainingFacts = null, NetworkState? state = null)
        where TParameters : ITensorSet<TParameters>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = Encode(networkName, architecture, parameters, trainingFacts, state);
        try
        {
            IO.AtomicFile.Write(path, bytes);
        }
        catch (IOException error)
        {
            throw new ModelFileException(path, $"cannot write the file: {error.Message}", error);
        }
    }

    /// <summary>Loads the parameters of <paramref name="network"/> from <paramref name="path"/>, validating everything.</summary>
    public static TParameters Load<TParameters, TGradients>(string path, INetwork<TParameters, TGradients> network)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        ArgumentNullException.ThrowIfNull(network);
        return Load<TParameters>(path, network.Architecture);
    }

    /// <summary>Loads parameters for <paramref name="expected"/> from <paramref name="path"/>, validating everything.</summary>
    public static TParameters Load<TParameters>(string path, Architecture expected)
        where TParameters : ITensorSet<TParameters> =>
        Read<TParameters>(path, expected).Parameters;

    /// <summary>As <see cref="Load{TParameters}(string, Architecture)"/>, with what the file says about itself.</summary>
    public static LoadedModel<TParameters> Read<TParameters>(string path, Architecture expected)
        where TParameters : ITensorSet<TParameters>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(expected);
        var bytes = ReadAll(path);
        return Decode<TParameters>(bytes, expected, path);
    }

    /// <summary>The header of the file at <paramref name="path"/> (validated, checksum of the header included), without reading the tensors.</summary>
    public static ModelFileInfo ReadInfo(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return WithFile(path, stream =>
        {
            var prefix = new byte[8];
            var got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
            var headerLength = SafeTensors.ReadHeaderLength(prefix.AsSpan(0, got), stream.Length, path);
            var headerAndPrefix = new byte[8 + headerLength];
            prefix.CopyTo(headerAndPrefix, 0);
            stream.ReadExactly(headerAndPrefix, 8, headerLength);
            return DecodeInfo(headerAndPrefix, stream.Length, path);
        });
    }

    /// <summary>
    /// The whole file for <paramref name="parameters"/> and <paramref name="state"/> (the architecture's state tensors,
    /// e.g. BatchNorm's moving statistics; null for a network without any); pure and deterministic.
    /// </summary>
    public static byte[] Encode<TParameters>(string networkName, Architecture architecture, TParameters parameters, IReadOnlyDictionary<string, string>? trainingFacts = null, NetworkState? state = null)
        where TParameters : ITensorSet<TParameters>
    {
        ArgumentException.ThrowIfNullOrEmpty(networkName);
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        ParameterLayout.Require(architecture, parameters.Tensors, nameof(parameters));
        var stateTensors = state is null || state.IsEmpty ? ImmutableArray<NamedTensor>.Empty : state.Tensors;
        ParameterLayout.RequireState(architecture, stateTensors, nameof(state));
        ImmutableArray<NamedTensor> tensors = [.. parameters.Tensors, .. stateTensors];

        foreach (var tensor in tensors)
        {
            var bad = Array.FindIndex(tensor.Data, value => !float.IsFinite(value));
            if (bad >= 0)
            {
                throw new ArgumentException($"Tensor {tensor.Name} holds {tensor.Data[bad].ToString(CultureInfo.InvariantCulture)} at index {bad}; a model with non-finite parameters is not saved.", nameof(parameters));
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ModelFileMetadata.Format] = ModelFileMetadata.FormatName,
            [ModelFileMetadata.FormatVersion] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            [ModelFileMetadata.Network] = networkName,
            [ModelFileMetadata.Architecture] = architecture.CanonicalText,
        };
        foreach (var (key, value) in trainingFacts ?? ImmutableDictionary<string, string>.Empty)
        {
            ArgumentException.ThrowIfNullOrEmpty(key, nameof(trainingFacts));
            ArgumentNullException.ThrowIfNull(value, nameof(trainingFacts));
            metadata[ModelFileMetadata.TrainingPrefix + key] = value;
        }

        return ModelFileMetadata.EncodeWithChecksums(tensors, metadata);
    }

    /// <summary>
    /// Decodes a whole model file held in memory into parameters for <paramref name="expected"/>; pure. Checks, in
    /// order: the safetensors structure, the format and its version, the header checksum, the architecture, the
    /// tensor names and shapes, the tensor checksum, and that every value is finite.
    /// </summary>
    public static LoadedModel<TParameters> Decode<TParameters>(ReadOnlySpan<byte> file, Architecture expected, string source)
        where TParameters : ITensorSet<TParameters>
    {
        ArgumentNullException.ThrowIfNull(expected);
        var info = DecodeInfo(file, file.Length, source);
        if (!string.Equals(info.ArchitectureText, expected.CanonicalText, StringComparison.Ordinal))
        {
            throw new ModelFileException(source,
                $"it holds network '{info.NetworkName}' with architecture {info.ArchitectureText}, which differs from the architecture it is loaded into: {expected.CanonicalText}.");
        }

        var parameterLayout = ParameterLayout.Of(expected);
        var stateLayout = ParameterLayout.StateOf(expected);
        ImmutableArray<TensorSpec> layout = [.. parameterLayout, .. stateLayout];
        CheckTensors(info.Tensors, layout, source);

        var contents = SafeTensors.Decode(file, source);
        var data = file[(int)contents.Header.DataStart..];
        var checksum = ModelFileMetadata.TensorChecksumOf(data, contents.Header.Entries);
        if (checksum != info.TensorChecksum)
        {
            throw new ModelFileException(source, $"the tensor data is corrupt: its checksum is {checksum} but the header records {info.TensorChecksum}.");
        }

        var byName = contents.Tensors.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
        var arrays = new List<float[]>(layout.Length);
        var state = ImmutableArray.CreateBuilder<NamedTensor>(stateLayout.Length);
        foreach (var spec in layout)
        {
            var values = byName[spec.Name].Data;
            var bad = Array.FindIndex(values, value => !float.IsFinite(value));
            if (bad >= 0)
            {
                throw new ModelFileException(source, $"tensor {spec.Name} holds {values[bad].ToString(CultureInfo.InvariantCulture)} at index {bad}; parameters must be finite.");
            }

            if (spec.Trainable)
            {
                arrays.Add(values);
            }
            else
            {
                state.Add(new NamedTensor(spec.Name, [.. spec.Shape], values));
            }
        }

        return new LoadedModel<TParameters>(TParameters.FromArrays(arrays), info) { State = state.Count == 0 ? NetworkState.Empty : new NetworkState(state.ToImmutable()) };
    }

    /// <summary>
    /// The validated header of a model file from its first 8 + header-length bytes (at least) and its total length; pure.
    /// Checks the safetensors structure, the format and version, the required keys and the header checksum.
    /// </summary>
    public static ModelFileInfo DecodeInfo(ReadOnlySpan<byte> prefix, long fileLength, string source)
    {
        var header = SafeTensors.DecodeHeader(prefix, fileLength, source);
        var metadata = header.Metadata;
        if (metadata.GetValueOrDefault(ModelFileMetadata.Format) != ModelFileMetadata.FormatName)
        {
            throw new ModelFileException(source, $"it is a safetensors file but not an MnistFunctional model file (its __metadata__ has no \"{ModelFileMetadata.Format}\": \"{ModelFileMetadata.FormatName}\").");
        }

        var versionText = metadata.GetValueOrDefault(ModelFileMetadata.FormatVersion);
        if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version != FormatVersion)
        {
            throw new ModelFileException(source, $"format version '{versionText ?? "(missing)"}' is not supported; this library reads version {FormatVersion}.");
        }

        string Required(string key) => metadata.TryGetValue(key, out var value)
            ? value
            : throw new ModelFileException(source, $"the metadata lacks the required key \"{key}\".");

        var networkName = Required(ModelFileMetadata.Network);
        var architecture = Required(ModelFileMetadata.Architecture);
        var tensorChecksum = Required(ModelFileMetadata.TensorChecksum);
        var headerChecksum = Required(ModelFileMetadata.HeaderChecksum);
        var tensors = header.Entries.Select(entry => entry.Spec).OrderBy(spec => spec.Name, StringComparer.Ordinal).ToImmutableArray();
        var actualHeaderChecksum = ModelFileMetadata.HeaderChecksumOf(metadata, tensors);
        if (actualHeaderChecksum != headerChecksum)
        {
            throw new ModelFileException(source, $"the header is corrupt: its checksum is {actualHeaderChecksum} but it records {headerChecksum}.");
        }

        var facts = metadata
            .Where(pair => pair.Key.StartsWith(ModelFileMetadata.TrainingPrefix, StringComparison.Ordinal))
            .ToImmutableSortedDictionary(pair => pair.Key[ModelFileMetadata.TrainingPrefix.Length..], pair => pair.Value, StringComparer.Ordinal);
        return new ModelFileInfo(source, version, networkName, architecture, facts, tensorChecksum, tensors);
    }

    private static void CheckTensors(ImmutableArray<TensorSpec> actual, ImmutableArray<TensorSpec> expected, string source)
    {
        var byName = actual.ToDictionary(spec => spec.Name, StringComparer.Ordinal);
        foreach (var spec in expected)
        {
            if (!byName.TryGetValue(spec.Name, out var found))
            {
                throw new ModelFileException(source, $"tensor {spec.Name} {spec.ShapeText} required by the architecture is missing.");
            }

            if (!found.Shape.SequenceEqual(spec.Shape))
            {
                throw new ModelFileException(source, $"tensor {spec.Name} has shape {found.ShapeText} but the architecture needs {spec.ShapeText}.");
            }
        }

        var extra = actual.Select(spec => spec.Name).Except(expected.Select(spec => spec.Name), StringComparer.Ordinal).ToList();
        if (extra.Count > 0)
        {
            throw new ModelFileException(source, $"it holds tensors the architecture does not have: {string.Join(", ", extra)}.");
        }
    }

    private static byte[] ReadAll(string path) => WithFile(path, stream =>
    {
        if (stream.Length > Array.MaxLength)
        {
            throw new ModelFileException(path, $"the file is {stream.Length} bytes long, too large for a model file.");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    });

    private static T WithFile<T>(string path, Func<FileStream, T> read)
    {
        try
        {
            using var stream = IO.RegularFile.OpenRead(path);
            return read(stream);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelFileException(path, "the file does not exist.", exception);
        }
        catch (IO.NotRegularFileException exception)
        {
            throw new ModelFileException(path, $"{exception.Reason}.", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(path, $"the file cannot be read ({exception.Message}).", exception);
        }
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Serialization;

/// <summary>
/// Pure encoding and decoding of the safetensors format (float32 only): an 8-byte little-endian header length,
/// a UTF-8 JSON header (<c>name → {"dtype","shape","data_offsets"}</c> plus <c>"__metadata__"</c> string → string),
/// then the raw little-endian tensor bytes, offsets relative to the start of the data section. Encoding is
/// deterministic: <c>__metadata__</c> first with its keys in ordinal order, then the tensors in the order given,
/// the header padded with spaces so the data starts at a multiple of 8 bytes. Decoding validates every field
/// and throws <see cref="ModelFileException"/> naming the source and the problem.
/// </summary>
public static class SafeTensors
{
    /// <summary>The largest header accepted (the reference implementation allows 100 MB; ours are a few KB).</summary>
    public const int MaxHeaderLength = 16 * 1024 * 1024;

    public const string MetadataKey = "__metadata__";

    public const string Float32 = "F32";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonDocumentOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
    };

    /// <summary>The byte size of one element of each dtype the safetensors format defines.</summary>
    private static readonly ImmutableDictionary<string, int> KnownDtypes = new Dictionary<string, int>
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>The whole file for <paramref name="tensors"/> (written in the given order) and <paramref name="metadata"/>.</summary>
    public static byte[] Encode(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            var count = tensor.Shape.Aggregate(1L, (product, dimension) => product * dimension);
            if (tensor.Name.Length == 0 || tensor.Name == MetadataKey || !names.Add(tensor.Name))
            {
                throw new ArgumentException($"Tensor name '{tensor.Name}' is empty, reserved or repeated.", nameof(tensors));
            }

            if (tensor.Shape.Any(dimension => dimension < 0) || count != tensor.Data.Length)
            {
                throw new ArgumentException($"Tensor '{tensor.Name}' has shape ({string.Join(", ", tensor.Shape)}) but {tensor.Data.Length} values.", nameof(tensors));
            }
        }

        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(MetadataKey);
            foreach (var (key, value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            long offset = 0;
            foreach (var tensor in tensors)
            {
                var end = offset + (4L * tensor.Data.Length);
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", Float32);
                writer.WriteStartArray("shape");
                foreach (var dimension in tensor.Shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(end);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset = end;
            }

            writer.WriteEndObject();
        }

        var headerLength = (json.WrittenCount + 7) / 8 * 8;
        var dataLength = tensors.Sum(tensor => 4L * tensor.Data.Length);
        var file = new byte[checked(8 + headerLength + dataLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)headerLength);
        json.WrittenSpan.CopyTo(file.AsSpan(8));
        file.AsSpan(8 + json.WrittenCount, headerLength - json.WrittenCount).Fill((byte)' ');
        var data = file.AsSpan(8 + headerLength);
        foreach (var tensor in tensors)
        {
            WriteLittleEndian(tensor.Data, data);
            data = data[(4 * tensor.Data.Length)..];
        }

        return file;
    }

    /// <summary>
    /// Reads and bounds the header length from the first 8 bytes of a file of <paramref name="fileLength"/> bytes:
    /// at least 2 (<c>{}</c>), at most <see cref="MaxHeaderLength"/>, and no more than the bytes that follow.
    /// </summary>
    public static int ReadHeaderLength(ReadOnlySpan<byte> prefix, long fileLength, string source)
    {
        if (fileLength < 8 || prefix.Length < 8)
        {
            throw new ModelFileException(source, $"the file is {fileLength} bytes long, too short for a safetensors file (it must start with an 8-byte header length).");
        }

        var declared = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (declared > MaxHeaderLength)
        {
            throw new ModelFileException(source, $"the header length field says {declared} bytes, more than the {MaxHeaderLength}-byte limit: the file is corrupt or not a safetensors file.");
        }

        if (declared < 2)
        {
            throw new ModelFileException(source, $"the header length field says {declared} bytes, too small for a JSON header: the file is corrupt or not a safetensors file.");
        }

        if ((long)declared > fileLength - 8)
        {
            throw new ModelFileException(source, $"the header length field says {declared} bytes but only {fileLength - 8} bytes follow it: the file is truncated or corrupt.");
        }

        return (int)declared;
    }

    /// <summary>
    /// Parses and validates the header, given the file's first 8 + header-length bytes (at least) and its total length:
    /// JSON of the expected form, only F32 tensors, offsets contiguous from 0 to the end of the file and consistent
    /// with each shape.
    /// </summary>
    public static SafeTensorsHeader DecodeHeader(ReadOnlySpan<byte> prefix, long fileLength, string source)
    {
        var headerLength = ReadHeaderLength(prefix, fileLength, source);
        if (prefix.Length < 8 + headerLength)
        {
            throw new ArgumentException($"Need the first {8 + headerLength} bytes of the file, got {prefix.Length}.", nameof(prefix));
        }

        var headerBytes = prefix.Slice(8, headerLength);
        if (headerBytes[0] != (byte)'{')
        {
            throw new ModelFileException(source, "the header does not start with '{': the file is corrupt or not a safetensors file.");
        }

        if (!Utf8.IsValid(headerBytes))
        {
            throw new ModelFileException(source, "the header is not valid UTF-8: the file is corrupt.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes.ToArray(), ReaderOptions);
        }
        catch (JsonException exception)
        {
            throw new ModelFileException(source, $"the header is not valid JSON ({exception.Message}).", exception);
        }

        using (document)
        {
            try
            {
                return ParseHeader(document.RootElement, headerLength, fileLength, source);
            }
            catch (InvalidOperationException exception)
            {
                // JsonElement.GetString on an escaped lone surrogate such as "\uD800".
                throw new ModelFileException(source, $"the header holds text that cannot be decoded ({exception.Message}).", exception);
            }
        }
    }

    private static SafeTensorsHeader ParseHeader(JsonElement root, int headerLength, long fileLength, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFileException(source, "the header is not a JSON object.");
        }

        var dataStart = 8L + headerLength;
        var dataLength = fileLength - dataStart;
        var metadata = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
        var entries = new List<SafeTensorEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new ModelFileException(source, $"the header names '{property.Name}' twice.");
            }

            if (property.Name == MetadataKey)
            {
                metadata = ParseMetadata(property.Value, source);
            }
            else
            {
                entries.Add(ParseEntry(property.Name, property.Value, dataLength, source));
            }
        }

        var ordered = entries.OrderBy(entry => entry.Begin).ThenBy(entry => entry.End).ToImmutableArray();
        CheckContiguous(ordered, dataLength, source);
        return new SafeTensorsHeader(metadata, ordered, dataStart, dataLength);
    }

    /// <summary>Decodes a whole file held in memory: header, then every tensor into a fresh array.</summary>
    public static SafeTensorsContents Decode(ReadOnlySpan<byte> file, string source)
    {
        var header = DecodeHeader(file, file.Length, source);
        var data = file[(int)header.DataStart..];
        var tensors = ImmutableArray.CreateBuilder<NamedTensor>(header.Entries.Length);
        foreach (var entry in header.Entries)
        {
            tensors.Add(new NamedTensor(entry.Name, [.. entry.Shape], ReadLittleEndian(data[(int)entry.Begin..(int)entry.End])));
        }

        return new SafeTensorsContents(header, tensors.MoveToImmutable());
    }

    private static ImmutableSortedDictionary<string, string> ParseMetadata(JsonElement element, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFileException(source, $"the header's \"{MetadataKey}\" is not a JSON object of strings.");
        }

        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new ModelFileException(source, $"the metadata value of '{property.Name}' is not a string.");
            }

            if (!builder.TryAdd(property.Name, property.Value.GetString()!))
            {
                throw new ModelFileException(source, $"the metadata names '{property.Name}' twice.");
            }
        }

        return builder.ToImmutable();
    }

    private static SafeTensorEntry ParseEntry(string name, JsonElement element, long dataLength, string source)
    {
        if (name.Length == 0)
        {
            throw new ModelFileException(source, "the header has a tensor with an empty name.");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFileException(source, $"the header entry of tensor '{name}' is not a JSON object.");
        }

        JsonElement? dtypeElement = null, shapeElement = null, offsetsElement = null;
        foreach (var field in element.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtypeElement is null:
                    dtypeElement = field.Value;
                    break;
                case "shape" when shapeElement is null:
                    shapeElement = field.Value;
                    break;
                case "data_offsets" when offsetsElement is null:
                    offsetsElement = field.Value;
                    break;
                default:
                    throw new ModelFileException(source, $"tensor '{name}' has an unexpected or repeated field '{field.Name}' (expected dtype, shape, data_offsets).");
            }
        }

        if (dtypeElement is not { ValueKind: JsonValueKind.String } dtypeValue)
        {
            throw new ModelFileException(source, $"tensor '{name}' has no \"dtype\" string.");
        }

        var dtype = dtypeValue.GetString()!;
        if (!KnownDtypes.ContainsKey(dtype))
        {
            throw new ModelFileException(source, $"tensor '{name}' has unknown dtype '{dtype}'.");
        }

        if (dtype != Float32)
        {
            throw new ModelFileException(source, $"tensor '{name}' has dtype {dtype}; only {Float32} (float32) is supported.");
        }

        if (shapeElement is not { ValueKind: JsonValueKind.Array } shapeValue)
        {
            throw new ModelFileException(source, $"tensor '{name}' has no \"shape\" array.");
        }

        var shape = ImmutableArray.CreateBuilder<int>(shapeValue.GetArrayLength());
        foreach (var dimension in shapeValue.EnumerateArray())
        {
            if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt32(out var size) || size < 0)
            {
                throw new ModelFileException(source, $"tensor '{name}' has a shape entry {dimension.GetRawText()} that is not a non-negative 32-bit integer.");
            }

            shape.Add(size);
        }

        if (offsetsElement is not { ValueKind: JsonValueKind.Array } offsetsValue || offsetsValue.GetArrayLength() != 2)
        {
            throw new ModelFileException(source, $"tensor '{name}' has no \"data_offsets\" pair [begin, end].");
        }

        var begin = ReadOffset(offsetsValue[0], name, source);
        var end = ReadOffset(offsetsValue[1], name, source);
        if (begin > end || end > dataLength)
        {
            throw new ModelFileException(source, $"tensor '{name}' has data_offsets [{begin}, {end}] outside the {dataLength}-byte data section: the file is truncated or corrupt.");
        }

        var spec = new TensorSpec(name, shape.MoveToImmutable());
        long expected;
        try
        {
            expected = checked(spec.Shape.Aggregate(1L, (product, dimension) => checked(product * dimension)) * KnownDtypes[dtype]);
        }
        catch (OverflowException)
        {
            throw new ModelFileException(source, $"tensor '{name}' has an impossibly large shape {spec.ShapeText}.");
        }

        if (end - begin != expected)
        {
            throw new ModelFileException(source, $"tensor '{name}' has shape {spec.ShapeText} of {dtype}, which needs {expected} bytes, but its data_offsets [{begin}, {end}] span {end - begin} bytes.");
        }

        return new SafeTensorEntry(name, dtype, spec.Shape, begin, end);
    }

    private static long ReadOffset(JsonElement element, string name, string source) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) && value >= 0
            ? value
            : throw new ModelFileException(source, $"tensor '{name}' has a data offset {element.GetRawText()} that is not a non-negative integer.");

    private static void CheckContiguous(ImmutableArray<SafeTensorEntry> ordered, long dataLength, string source)
    {
        long position = 0;
        foreach (var entry in ordered)
        {
            if (entry.Begin != position)
            {
                var problem = entry.Begin < position ? "overlaps the previous tensor" : "leaves a gap after the previous tensor";
                throw new ModelFileException(source, $"tensor '{entry.Name}' starts at data offset {entry.Begin} and {problem} (expected {position}): the header is corrupt.");
            }

            position = entry.End;
        }

        if (position != dataLength)
        {
            throw new ModelFileException(source, $"the tensors cover {position} bytes but the data section has {dataLength}: the file is {(position < dataLength ? "followed by unexpected bytes" : "truncated")}.");
        }
    }

    private static void WriteLittleEndian(float[] values, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(destination);
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], values[i]);
        }
    }

    private static float[] ReadLittleEndian(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / 4];
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        }

        return values;
    }
}

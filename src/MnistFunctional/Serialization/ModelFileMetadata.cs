using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using MnistFunctional.Dsl;

namespace MnistFunctional.Serialization;

/// <summary>
/// The <c>__metadata__</c> keys of a model file and its two checksums, both XxHash64 as 16 lowercase hex digits.
/// <list type="bullet">
/// <item><c>tensors_xxh64</c>: the tensor bytes, tensor after tensor in ordinal name order (which is the file's
/// data order, and the order Python's safetensors writes float32 tensors in).</item>
/// <item><c>header_xxh64</c>: every other metadata pair (ordinal key order) and every tensor's name, dtype and shape
/// (ordinal name order), each string as a little-endian int32 UTF-8 length and its bytes, each number as a
/// little-endian int32. Independent of JSON formatting, key order and padding.</item>
/// </list>
/// Training facts are stored under <c>training.</c>-prefixed keys.
/// </summary>
internal static class ModelFileMetadata
{
    public const string Format = "format";
    public const string FormatName = "MnistFunctional.ModelFile";
    public const string FormatVersion = "format_version";
    public const string Network = "network";
    public const string Architecture = "architecture";
    public const string TensorChecksum = "tensors_xxh64";
    public const string HeaderChecksum = "header_xxh64";
    public const string TrainingPrefix = "training.";

    /// <summary>
    /// The safetensors file of <paramref name="tensors"/> (in ordinal name order) with <paramref name="metadata"/>
    /// and both checksums added to it; shared by model files and checkpoints.
    /// </summary>
    public static byte[] EncodeWithChecksums(IEnumerable<Tensors.NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var ordered = tensors.OrderBy(tensor => tensor.Name, StringComparer.Ordinal).ToList();
        var sealedMetadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal);

        // The tensor checksum covers the data section as encoded (ordinal name order); compute it from a first encoding.
        var withoutChecksums = SafeTensors.Encode(ordered, sealedMetadata);
        var header = SafeTensors.DecodeHeader(withoutChecksums, withoutChecksums.Length, "(being written)");
        sealedMetadata[TensorChecksum] = TensorChecksumOf(withoutChecksums.AsSpan((int)header.DataStart), header.Entries);
        sealedMetadata[HeaderChecksum] = HeaderChecksumOf(sealedMetadata, ordered.Select(tensor => new TensorSpec(tensor.Name, [.. tensor.Shape])));
        return SafeTensors.Encode(ordered, sealedMetadata);
    }

    /// <summary>Checks both checksums of a decoded file against what it records; the problem names <paramref name="source"/>.</summary>
    /// <exception cref="ModelFileException">A checksum is missing or does not match.</exception>
    public static void VerifyChecksums(SafeTensorsHeader header, ReadOnlySpan<byte> file, string source)
    {
        var metadata = header.Metadata;
        string Required(string key) => metadata.TryGetValue(key, out var value)
            ? value
            : throw new ModelFileException(source, $"the metadata lacks the required key \"{key}\".");

        var recordedHeader = Required(HeaderChecksum);
        var recordedTensors = Required(TensorChecksum);
        var actualHeader = HeaderChecksumOf(metadata, header.Entries.Select(entry => entry.Spec));
        if (actualHeader != recordedHeader)
        {
            throw new ModelFileException(source, $"the header is corrupt: its checksum is {actualHeader} but it records {recordedHeader}.");
        }

        var actualTensors = TensorChecksumOf(file[(int)header.DataStart..], header.Entries);
        if (actualTensors != recordedTensors)
        {
            throw new ModelFileException(source, $"the tensor data is corrupt: its checksum is {actualTensors} but the header records {recordedTensors}.");
        }
    }

    public static string TensorChecksumOf(ReadOnlySpan<byte> data, IEnumerable<SafeTensorEntry> entries)
    {
        var hash = new XxHash64();
        foreach (var entry in entries.OrderBy(entry => entry.Name, StringComparer.Ordinal))
        {
            hash.Append(data[(int)entry.Begin..(int)entry.End]);
        }

        return Hex(hash.GetCurrentHashAsUInt64());
    }

    public static string HeaderChecksumOf(IEnumerable<KeyValuePair<string, string>> metadata, IEnumerable<TensorSpec> tensors)
    {
        var hash = new XxHash64();
        foreach (var (key, value) in metadata.Where(pair => pair.Key != HeaderChecksum).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            AppendString(hash, key);
            AppendString(hash, value);
        }

        foreach (var tensor in tensors.OrderBy(tensor => tensor.Name, StringComparer.Ordinal))
        {
            AppendString(hash, tensor.Name);
            AppendString(hash, SafeTensors.Float32);
            AppendInt(hash, tensor.Shape.Length);
            foreach (var dimension in tensor.Shape)
            {
                AppendInt(hash, dimension);
            }
        }

        return Hex(hash.GetCurrentHashAsUInt64());
    }

    private static string Hex(ulong value) => value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    private static void AppendString(XxHash64 hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        AppendInt(hash, bytes.Length);
        hash.Append(bytes);
    }

    private static void AppendInt(XxHash64 hash, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        hash.Append(buffer);
    }
}

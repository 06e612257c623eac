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

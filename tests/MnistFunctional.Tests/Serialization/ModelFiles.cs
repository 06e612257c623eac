using System.Buffers.Binary;
using System.Text;
using MnistFunctional.Models;
using MnistFunctional.Serialization;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Tests.Serialization;

/// <summary>Model files made in memory for the tests, and tools to take them apart and damage them.</summary>
public static class ModelFiles
{
    public static readonly IReadOnlyDictionary<string, string> Facts = new Dictionary<string, string>
    {
        ["epochs"] = "10",
        ["batch_size"] = "32",
        ["seed"] = "42",
        ["test_accuracy"] = "0.9912",
        ["note"] = "Ünïcode \"quoted\" >> <tag> & 100%",
    };

    public static byte[] Tiny(int seed = 7) => ModelFile.Encode(nameof(TinyNet), TinyNet.Architecture, TinyNet.Initialize(seed), Facts);

    public static byte[] Cnn(int seed = 7) => ModelFile.Encode(nameof(MnistCnn), MnistCnn.Architecture, MnistCnn.Initialize(seed), Facts);

    public static int HeaderLength(byte[] file) => (int)BinaryPrimitives.ReadUInt64LittleEndian(file);

    public static string HeaderText(byte[] file) => Encoding.UTF8.GetString(file, 8, HeaderLength(file));

    /// <summary>A file with the given header text (padded with spaces to 8-byte alignment) and data bytes.</summary>
    public static byte[] WithHeader(string headerJson, ReadOnlySpan<byte> data)
    {
        var json = Encoding.UTF8.GetBytes(headerJson);
        var length = (json.Length + 7) / 8 * 8;
        var file = new byte[8 + length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)length);
        json.CopyTo(file, 8);
        file.AsSpan(8 + json.Length, length - json.Length).Fill((byte)' ');
        data.CopyTo(file.AsSpan(8 + length));
        return file;
    }

    /// <summary>The same file with the first occurrence of <paramref name="from"/> in the header replaced by <paramref name="to"/> (same length).</summary>
    public static byte[] ReplaceInHeader(byte[] file, string from, string to)
    {
        Assert.Equal(from.Length, to.Length);
        var header = HeaderText(file);
        var index = header.IndexOf(from, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{from}' is not in the header");
        var copy = (byte[])file.Clone();
        Encoding.UTF8.GetBytes(header[..index] + to + header[(index + from.Length)..]).CopyTo(copy, 8);
        return copy;
    }

    public static byte[] Flip(byte[] file, int position, byte mask = 0x01)
    {
        var copy = (byte[])file.Clone();
        copy[position] ^= mask;
        return copy;
    }
}

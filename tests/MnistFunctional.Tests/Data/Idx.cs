using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace MnistFunctional.Tests.Data;

/// <summary>Builds small IDX files in memory, so the reader tests need no real data.</summary>
internal static class Idx
{
    public static byte[] File(int magic, int[] dimensions, byte[] values)
    {
        var bytes = new byte[4 + (4 * dimensions.Length) + values.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        values.CopyTo(bytes, 4 + (4 * dimensions.Length));
        return bytes;
    }

    /// <summary>count images of rows × columns whose pixel i of image n is (n * 31 + i * 7) mod 256.</summary>
    public static byte[] Images(int count, int rows = 4, int columns = 3)
    {
        var values = new byte[count * rows * columns];
        for (var n = 0; n < count; n++)
        {
            for (var i = 0; i < rows * columns; i++)
            {
                values[(n * rows * columns) + i] = (byte)(((n * 31) + (i * 7)) % 256);
            }
        }

        return File(0x0803, [count, rows, columns], values);
    }

    public static byte[] Labels(params byte[] labels) => File(0x0801, [labels.Length], labels);

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        return output.ToArray();
    }

    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
}

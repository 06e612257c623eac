using System.Buffers.Binary;
using System.Text;

namespace MnistFunctional.Imaging.Tests;

/// <summary>Files that must be skipped, never crash a batch: made here byte by byte.</summary>
internal static class HostileFiles
{
    public static byte[] Empty => [];

    public static byte[] TextNamedPng => Encoding.UTF8.GetBytes("This is a note, not a picture.\n");

    /// <summary>The first half of a valid PNG: the header is fine, the pixel data stops midway.</summary>
    public static byte[] Truncated(byte[] validPng) => validPng[..(validPng.Length / 2)];

    /// <summary>A well-formed PNG header (signature, IHDR with a correct CRC) claiming <paramref name="width"/> × <paramref name="height"/> pixels, and no pixel data.</summary>
    public static byte[] PngHeaderClaiming(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // grayscale
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    // PNG's CRC-32 (ISO-HDLC polynomial, reflected), bit by bit: a few bytes only.
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}

using System.Buffers.Binary;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MnistFunctional.Imaging.Tests;

/// <summary>Files that must be skipped, never crash a batch: made here byte by byte.</summary>
internal static class HostileFiles
{
    public static byte[] Empty => [];

    public static byte[] TextNamedPng => Encoding.UTF8.GetBytes("This is a note, not a picture.\n");

    /// <summary>
    /// issue 16's slow picture (item 2): a 1-pixel stroke on a white <paramref name="side"/>² grayscale PNG — a few
    /// kilobytes that take seconds to decode and normalise at 5000², while a small digit takes milliseconds.
    /// </summary>
    public static byte[] ThinStrokeOnLargePicture(int side)
    {
        using var image = new Image<L8>(side, side, new L8(255));
        for (var y = side / 5; y < side * 4 / 5; y++)
        {
            image[(side * 2 / 5) + ((y - (side / 5)) / 5), y] = new L8(0);
        }

        using var png = new MemoryStream();
        image.SaveAsPng(png);
        return png.ToArray();
    }

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

    /// <summary>
    /// <paramref name="validPng"/> (one IDAT chunk, as ImageSharp writes small images) with its image data cut to
    /// half and compressed again: every chunk is complete and its CRC right, but the pixels stop midway.
    /// </summary>
    public static byte[] PngWithShortImageData(byte[] validPng)
    {
        var chunks = new List<(string Type, byte[] Data)>();
        for (var position = 8; position < validPng.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(validPng.AsSpan(position));
            chunks.Add((Encoding.ASCII.GetString(validPng, position + 4, 4), validPng[(position + 8)..(position + 8 + length)]));
            position += 12 + length;
        }

        using var inflated = new MemoryStream();
        foreach (var data in chunks.Where(c => c.Type == "IDAT").Select(c => c.Data))
        {
            inflated.Write(data);
        }

        inflated.Position = 0;
        using var raw = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(inflated, System.IO.Compression.CompressionMode.Decompress))
        {
            zlib.CopyTo(raw);
        }

        using var halved = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(halved, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray().AsSpan(0, (int)raw.Length / 2));
        }

        using var png = new MemoryStream();
        png.Write(validPng.AsSpan(0, 8));
        var idatWritten = false;
        foreach (var (type, data) in chunks)
        {
            if (type != "IDAT")
            {
                WriteChunk(png, type, data);
            }
            else if (!idatWritten)
            {
                WriteChunk(png, "IDAT", halved.ToArray());
                idatWritten = true;
            }
        }

        return png.ToArray();
    }

    /// <summary>
    /// A GIF of <paramref name="frames"/> one-pixel frames on a <paramref name="side"/>×<paramref name="side"/>
    /// canvas, 15 bytes a frame: decoding every frame would compose each on a full canvas (4 bytes a pixel).
    /// </summary>
    public static byte[] GifOfManyFrames(int frames, int side)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, (ushort)side);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], (ushort)side);
        screen[4] = 0x80; // a global colour table of 2 entries
        gif.Write(screen);
        gif.Write([255, 255, 255, 0, 0, 0]);
        Span<byte> descriptor = stackalloc byte[10];
        for (var frame = 0; frame < frames; frame++)
        {
            descriptor.Clear();
            descriptor[0] = 0x2C;
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[1..], (ushort)(frame % side));
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[5..], 1);
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[7..], 1);
            gif.Write(descriptor);
            gif.Write([2, 2, 0x44, 0x01, 0]); // LZW minimum code size 2; codes clear, 0 (white), end
        }

        gif.WriteByte(0x3B);
        return gif.ToArray();
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

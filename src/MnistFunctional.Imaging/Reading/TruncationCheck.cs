using System.Buffers.Binary;
using System.IO.Compression;

namespace MnistFunctional.Imaging.Reading;

/// <summary>
/// Finds files whose data stops before their format says it ends. ImageSharp 2.1 decodes a cut-off PNG, JPEG, BMP
/// or GIF without complaint and fills the missing part with black, which would then be predicted as if it were
/// the picture. The checks walk each format's own structure (PNG chunks, JPEG segments, GIF blocks, the BMP
/// header's sizes), so trailing data after a complete image, as some cameras write, is not mistaken for damage.
/// </summary>
internal static class TruncationCheck
{
    /// <summary>Why the file is incomplete, or null when its structure is whole (or not understood: the decoder then decides).</summary>
    public static string? Problem(ReadOnlySpan<byte> file, string format) => format switch
    {
        "PNG" => Png(file),
        "JPEG" => Jpeg(file),
        "GIF" => Gif(file),
        "BMP" => Bmp(file),
        _ => null,
    };

    private static string? Png(ReadOnlySpan<byte> file)
    {
        const string Truncated = "truncated PNG: the file ends before the IEND chunk";
        long position = 8;
        using var imageData = new MemoryStream();
        while (position + 8 <= file.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(file[(int)position..]);
            var type = file.Slice((int)position + 4, 4);
            var dataStart = position + 8;
            position += 12L + length;
            if (position > file.Length)
            {
                return Truncated;
            }

            if (type.SequenceEqual("IDAT"u8))
            {
                imageData.Write(file.Slice((int)dataStart, (int)length));
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return ShortImageData(file, imageData);
            }
        }

        return Truncated;
    }

    /// <summary>
    /// A PNG whose chunks are all complete can still hold less image data than its size needs (a file cut and
    /// re-wrapped, or written by a broken encoder); ImageSharp then fills the rest with black. The data is
    /// inflated here only to be counted, through a small buffer.
    /// </summary>
    private static string? ShortImageData(ReadOnlySpan<byte> file, MemoryStream imageData)
    {
        if (file.Length < 33 || !file.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return null; // not a structure this check understands: the decoder decides
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(file[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(file[20..]);
        int bitDepth = file[24], colourType = file[25], interlace = file[28];
        var channels = colourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        if (channels == 0 || bitDepth is not (1 or 2 or 4 or 8 or 16) || width == 0 || height == 0)
        {
            return null;
        }

        var bitsPerPixel = (long)channels * bitDepth;
        long RowBytes(long pixels) => pixels == 0 ? 0 : 1 + (((pixels * bitsPerPixel) + 7) / 8);
        long expected = 0;
        if (interlace == 0)
        {
            expected = height * RowBytes(width);
        }
        else
        {
            // Adam7: the seven passes' sizes, from each pass's start and step in x and y.
            ReadOnlySpan<int> startX = [0, 4, 0, 2, 0, 1, 0], startY = [0, 0, 4, 0, 2, 0, 1], stepX = [8, 8, 4, 4, 2, 2, 1], stepY = [8, 8, 8, 4, 4, 2, 2];
            for (var pass = 0; pass < 7; pass++)
            {
                var columns = width > startX[pass] ? ((width - startX[pass] + stepX[pass] - 1) / stepX[pass]) : 0;
                var rows = height > startY[pass] ? ((height - startY[pass] + stepY[pass] - 1) / stepY[pass]) : 0;
                expected += columns == 0 ? 0 : rows * RowBytes(columns);
            }
        }

        imageData.Position = 0;
        long inflated = 0;
        try
        {
            using var zlib = new ZLibStream(imageData, CompressionMode.Decompress, leaveOpen: true);
            var buffer = new byte[1 << 16];
            int read;
            while (inflated < expected && (read = zlib.Read(buffer)) > 0)
            {
                inflated += read;
            }
        }
        catch (InvalidDataException)
        {
            return null; // corrupt rather than short: the decoder reports it
        }

        return inflated < expected
            ? $"truncated PNG: the image data holds {inflated:N0} of the {expected:N0} bytes its {width}×{height} pixels need"
            : null;
    }

    private static string? Jpeg(ReadOnlySpan<byte> file)
    {
        const string Truncated = "truncated JPEG: the file ends before the end-of-image marker";
        var position = 2;
        while (true)
        {
            while (position < file.Length && file[position] == 0xFF && position + 1 < file.Length && file[position + 1] == 0xFF)
            {
                position++; // fill bytes before a marker
            }

            if (position + 2 > file.Length)
            {
                return Truncated;
            }

            if (file[position] != 0xFF)
            {
                return null; // not a structure this check understands
            }

            var marker = file[position + 1];
            if (marker == 0xD9)
            {
                return null;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2;
                continue;
            }

            if (position + 4 > file.Length)
            {
                return Truncated;
            }

            var end = position + 2 + BinaryPrimitives.ReadUInt16BigEndian(file[(position + 2)..]);
            if (end > file.Length)
            {
                return Truncated;
            }

            if (marker == 0xDA)
            {
                // Entropy-coded data escapes 0xFF as FF 00, so FF D9 after the first scan can only be the end marker.
                return file[end..].IndexOf([(byte)0xFF, (byte)0xD9]) >= 0 ? null : Truncated;
            }

            position = end;
        }
    }

    private static string? Gif(ReadOnlySpan<byte> file)
    {
        const string Truncated = "truncated GIF: the file ends before the GIF trailer";
        if (file.Length < 13)
        {
            return Truncated;
        }

        long position = 13 + ColourTableSize(file[10]);
        while (position < file.Length)
        {
            switch (file[(int)position])
            {
                case 0x3B:
                    return null;
                case 0x21:
                    position = SkipSubBlocks(file, position + 2);
                    break;
                case 0x2C:
                    if (position + 10 > file.Length)
                    {
                        return Truncated;
                    }

                    position = SkipSubBlocks(file, position + 10 + ColourTableSize(file[(int)position + 9]) + 1);
                    break;
                default:
                    return null;
            }
        }

        return Truncated;
    }

    private static long ColourTableSize(byte flags) => (flags & 0x80) != 0 ? 3L << ((flags & 7) + 1) : 0;

    /// <summary>The position after a chain of GIF data sub-blocks, or past the end when the chain is cut off.</summary>
    private static long SkipSubBlocks(ReadOnlySpan<byte> file, long position)
    {
        while (position < file.Length)
        {
            var size = file[(int)position];
            position += 1 + size;
            if (size == 0)
            {
                return position;
            }
        }

        return long.MaxValue;
    }

    private static string? Bmp(ReadOnlySpan<byte> file)
    {
        const string Truncated = "truncated BMP: the file ends before its pixel data does";
        if (file.Length < 26)
        {
            return Truncated;
        }

        var pixelsAt = BinaryPrimitives.ReadUInt32LittleEndian(file[10..]);
        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(file[14..]);
        long width, height, bitsPerPixel, compression = 0, imageSize = 0;
        if (headerSize == 12)
        {
            (width, height, bitsPerPixel) = (BinaryPrimitives.ReadUInt16LittleEndian(file[18..]), BinaryPrimitives.ReadUInt16LittleEndian(file[20..]), BinaryPrimitives.ReadUInt16LittleEndian(file[24..]));
        }
        else if (headerSize >= 40 && file.Length >= 54)
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(file[18..]);
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(file[22..]));
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(file[28..]);
            compression = BinaryPrimitives.ReadUInt32LittleEndian(file[30..]);
            imageSize = BinaryPrimitives.ReadUInt32LittleEndian(file[34..]);
        }
        else
        {
            return file.Length < 54 ? Truncated : null;
        }

        // Uncompressed rows are padded to 4 bytes; compressed data declares its own size.
        var uncompressed = compression is 0 or 3 or 6;
        var expected = uncompressed ? ((((width * bitsPerPixel) + 31) / 32) * 4 * height) : imageSize;
        return pixelsAt + expected > file.Length ? Truncated : null;
    }
}

using System.Buffers.Binary;

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
        while (position + 8 <= file.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(file[(int)position..]);
            var type = file.Slice((int)position + 4, 4);
            position += 12L + length;
            if (position > file.Length)
            {
                return Truncated;
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return null;
            }
        }

        return Truncated;
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

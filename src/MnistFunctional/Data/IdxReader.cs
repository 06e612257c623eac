using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO.Compression;

namespace MnistFunctional.Data;

/// <summary>
/// Reads IDX unsigned-byte files (the MNIST format), raw or gzip-compressed, and checks everything the
/// header promises: magic number, dimension count, sizes and the exact length of the data.
/// Every problem is a <see cref="DataFormatException"/> naming the file.
/// </summary>
public static class IdxReader
{
    /// <summary>Largest size accepted for one dimension; far above any real dataset, low enough to refuse garbage.</summary>
    public const int MaxDimension = 1 << 24;

    /// <summary>Largest number of bytes accepted in one file (1 GiB); also bounds what a gzip bomb can make us allocate.</summary>
    public const long MaxElements = 1L << 30;

    private const int ExtraBytesProbe = 1 << 20;

    /// <summary>Reads the IDX file at <paramref name="path"/> (gzip is detected by its magic bytes, not by the name).</summary>
    public static IdxTensor ReadFile(string path, IdxKind kind)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(file, kind, path);
    }

    /// <summary>Reads an IDX file from a seekable stream; <paramref name="name"/> is the file named in errors.</summary>
    public static IdxTensor Read(Stream stream, IdxKind kind, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable (gzip is detected by peeking at its first bytes).", nameof(stream));
        }

        var start = stream.Position;
        Span<byte> head = stackalloc byte[2];
        var headLength = ReadAtMost(stream, head);
        stream.Position = start;

        if (headLength == 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            try
            {
                return ReadPayload(gzip, kind, name, compressed: true);
            }
            catch (InvalidDataException e)
            {
                throw new DataFormatException(name, DataProblem.CorruptGzip, $"the file starts like gzip but does not decompress ({e.Message.TrimEnd('.')}).");
            }
        }

        return ReadPayload(stream, kind, name, compressed: false);
    }

    private static IdxTensor ReadPayload(Stream stream, IdxKind kind, string name, bool compressed)
    {
        var content = compressed ? "the decompressed content" : "the file";
        var expectedMagic = (int)kind;
        var expectedDimensions = expectedMagic & 0xff;

        Span<byte> magicBytes = stackalloc byte[4];
        var got = ReadAtMost(stream, magicBytes);
        if (got == 0)
        {
            throw new DataFormatException(name, DataProblem.TruncatedHeader, $"{content} is empty; an IDX file starts with a 4-byte magic number.");
        }

        if (got < 4)
        {
            throw new DataFormatException(name, DataProblem.TruncatedHeader, $"{content} ends after {got} byte(s), inside the 4-byte magic number (truncated header).");
        }

        var magic = BinaryPrimitives.ReadInt32BigEndian(magicBytes);
        if (magicBytes[0] != 0 || magicBytes[1] != 0 || magicBytes[2] != 0x08)
        {
            throw new DataFormatException(name, DataProblem.WrongMagic, $"the magic number is 0x{magic:X8}, expected 0x{expectedMagic:X8} (IDX unsigned-byte {Describe(kind)}); this is not an MNIST IDX file.");
        }

        var dimensionCount = magicBytes[3];
        if (dimensionCount != expectedDimensions)
        {
            var hint = dimensionCount switch
            {
                0x01 => " (it looks like a labels file)",
                0x03 => " (it looks like an images file)",
                _ => string.Empty,
            };
            throw new DataFormatException(name, DataProblem.WrongDimensionCount, $"the file has {dimensionCount} dimension(s) (magic 0x{magic:X8}), but {Describe(kind)} need {expectedDimensions} (magic 0x{expectedMagic:X8}){hint}.");
        }

        var headerLength = 4 + (4 * dimensionCount);
        Span<byte> sizeBytes = stackalloc byte[4 * dimensionCount];
        got = ReadAtMost(stream, sizeBytes);
        if (got < sizeBytes.Length)
        {
            throw new DataFormatException(name, DataProblem.TruncatedHeader, $"the header ends after {4 + got} of its {headerLength} bytes (truncated header: the {dimensionCount} dimension size(s) are incomplete).");
        }

        var dimensionNames = DimensionNames(kind);
        var dimensions = ImmutableArray.CreateBuilder<int>(dimensionCount);
        long total = 1;
        for (var i = 0; i < dimensionCount; i++)
        {
            var size = BinaryPrimitives.ReadInt32BigEndian(sizeBytes.Slice(4 * i, 4));
            if (size <= 0)
            {
                throw new DataFormatException(name, DataProblem.BadSize, $"the {dimensionNames[i]} in the header is {size}; sizes must be positive.");
            }

            if (size > MaxDimension)
            {
                throw new DataFormatException(name, DataProblem.BadSize, $"the {dimensionNames[i]} in the header is {size:N0}, above the limit of {MaxDimension:N0}; the header is corrupt.");
            }

            total *= size;
            dimensions.Add(size);
        }

        if (total > MaxElements)
        {
            throw new DataFormatException(name, DataProblem.BadSize, $"the header announces {total:N0} bytes of data ({string.Join(" × ", dimensions)}), above the limit of {MaxElements:N0}; the header is corrupt.");
        }

        var values = new byte[total];
        var read = ReadAtMost(stream, values);
        if (read < total)
        {
            throw new DataFormatException(name, DataProblem.TruncatedData, $"{(compressed ? "the decompressed data" : "the data")} ends after {read:N0} of the {total:N0} bytes the header announces ({string.Join(" × ", dimensions)}); the file is truncated.");
        }

        var extra = CountExtraBytes(stream);
        if (extra > 0)
        {
            var amount = extra >= ExtraBytesProbe ? $"at least {extra:N0}" : $"{extra:N0}";
            throw new DataFormatException(name, DataProblem.ExtraBytes, $"{amount} byte(s) follow the {total:N0} bytes of data the header announces ({string.Join(" × ", dimensions)}); the file is longer than its header says.");
        }

        return new IdxTensor(dimensions.MoveToImmutable(), values);
    }

    // Reading a gzip stream to its end also makes the decompressor check the trailer (CRC and length).
    private static long CountExtraBytes(Stream stream)
    {
        var buffer = new byte[8192];
        long extra = 0;
        int n;
        while (extra < ExtraBytesProbe && (n = stream.Read(buffer)) > 0)
        {
            extra += n;
        }

        return extra;
    }

    private static int ReadAtMost(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        int n;
        while (total < buffer.Length && (n = stream.Read(buffer[total..])) > 0)
        {
            total += n;
        }

        return total;
    }

    private static string Describe(IdxKind kind) => kind == IdxKind.Images ? "images" : "labels";

    private static string[] DimensionNames(IdxKind kind) =>
        kind == IdxKind.Images ? ["image count", "row count", "column count"] : ["label count"];
}

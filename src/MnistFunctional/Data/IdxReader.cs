using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using MnistFunctional.IO;

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

    private const int FirstChunk = 1 << 24;

    /// <summary>Reads the IDX file at <paramref name="path"/> (gzip is detected by its magic bytes, not by the name).</summary>
    public static IdxTensor ReadFile(string path, IdxKind kind)
    {
        using var file = IO.RegularFile.OpenRead(path, 1 << 16);
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
            var trailer = GzipTrailer(stream, start, name);
            using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            try
            {
                return ReadPayload(gzip, kind, name, trailer);
            }
            catch (InvalidDataException e)
            {
                throw new DataFormatException(name, DataProblem.CorruptGzip, $"the file starts like gzip but does not decompress ({e.Message.TrimEnd('.')}).");
            }
        }

        return ReadPayload(stream, kind, name, trailer: null);
    }

    /// <summary>
    /// The CRC-32 and length (mod 2^32) the gzip file records of its decompressed content in its last 8 bytes. .NET's
    /// decompressor accepts a stream that stops before its trailer, so the reader checks both itself: a cut-off file
    /// then fails the length check before anything is allocated, a corrupt one the CRC check at the end.
    /// </summary>
    private static (uint Crc, uint Length) GzipTrailer(Stream stream, long start, string name)
    {
        if (stream.Length - start < 18)
        {
            throw new DataFormatException(name, DataProblem.CorruptGzip, $"the file starts like gzip but is {stream.Length - start} bytes long, shorter than a gzip header and trailer (18 bytes).");
        }

        Span<byte> trailer = stackalloc byte[8];
        stream.Position = stream.Length - 8;
        stream.ReadExactly(trailer);
        stream.Position = start;
        return (BinaryPrimitives.ReadUInt32LittleEndian(trailer), BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]));
    }

    private static IdxTensor ReadPayload(Stream stream, IdxKind kind, string name, (uint Crc, uint Length)? trailer)
    {
        var compressed = trailer is not null;
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

            // Checked after every dimension: each is at most 2^24 and the product so far at most 2^30, so it cannot overflow.
            total *= size;
            dimensions.Add(size);
            if (total > MaxElements)
            {
                var announced = string.Join(" × ", sizeBytes.ToArray().Chunk(4).Select(b => BinaryPrimitives.ReadInt32BigEndian(b).ToString("N0", CultureInfo.InvariantCulture)));
                throw new DataFormatException(name, DataProblem.BadSize, $"the header announces {announced} bytes of data, above the limit of {MaxElements:N0}; the header is corrupt.");
            }
        }

        var shape = string.Join(" × ", dimensions);
        if (trailer is { } recorded && recorded.Length < headerLength + total)
        {
            var data = Math.Max(0, recorded.Length - headerLength);
            throw new DataFormatException(name, DataProblem.TruncatedData, $"the decompressed data ends after {data:N0} of the {total:N0} bytes the header announces ({shape}), as the gzip trailer records; the file is truncated or its trailer is missing.");
        }

        var available = compressed ? long.MaxValue : stream.Length - stream.Position;
        var values = available < total ? [] : ReadValues(stream, total);
        if (values.Length < total)
        {
            var read = compressed ? values.Length : available;
            throw new DataFormatException(name, DataProblem.TruncatedData, $"{(compressed ? "the decompressed data" : "the data")} ends after {read:N0} of the {total:N0} bytes the header announces ({shape}); the file is truncated.");
        }

        var extra = CountExtraBytes(stream);
        if (extra > 0)
        {
            var amount = extra >= ExtraBytesProbe ? $"at least {extra:N0}" : $"{extra:N0}";
            throw new DataFormatException(name, DataProblem.ExtraBytes, $"{amount} byte(s) follow the {total:N0} bytes of data the header announces ({shape}); the file is longer than its header says.");
        }

        if (trailer is { } expected)
        {
            var crc = new Crc32();
            crc.Append(magicBytes);
            crc.Append(sizeBytes);
            crc.Append(values);
            var actual = crc.GetCurrentHashAsUInt32();
            if (actual != expected.Crc)
            {
                throw new DataFormatException(name, DataProblem.CorruptGzip, $"the CRC-32 of the decompressed content is {actual:X8}, but the gzip trailer records {expected.Crc:X8}; the file is corrupt.");
            }
        }

        return new IdxTensor(dimensions.MoveToImmutable(), values);
    }

    /// <summary>
    /// The <paramref name="total"/> bytes that should follow, or fewer when the stream ends first. The buffer grows
    /// with the data actually read, so a header announcing a gigabyte over a small gzip costs no more than its content;
    /// only the bytes read are ever returned (<see cref="LargeArrays"/>: its buffers are not cleared).
    /// </summary>
    private static byte[] ReadValues(Stream stream, long total)
    {
        var buffer = LargeArrays.Uninitialized<byte>((int)Math.Min(total, FirstChunk));
        var filled = 0;
        while (true)
        {
            filled += ReadAtMost(stream, buffer.AsSpan(filled));
            if (filled < buffer.Length)
            {
                return buffer[..filled];
            }

            if (buffer.Length == total)
            {
                return buffer;
            }

            var grown = LargeArrays.Uninitialized<byte>((int)Math.Min(total, 2L * buffer.Length));
            buffer.CopyTo(grown, 0);
            buffer = grown;
        }
    }

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

using System.Buffers.Binary;
using MnistFunctional.Data;

namespace MnistFunctional.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_raw_or_gzip_with_their_dimensions(bool gzip)
    {
        var raw = Idx.Images(5, rows: 4, columns: 3);
        var path = temp.Write("images", gzip ? Idx.Gzip(raw) : raw);

        var tensor = IdxReader.ReadFile(path, IdxKind.Images);

        Assert.Equal([5, 4, 3], tensor.Dimensions.ToArray());
        Assert.Equal(raw.AsSpan(16).ToArray(), tensor.Values);
    }

    [Fact]
    public void Gzip_is_detected_by_its_magic_bytes_not_by_the_name()
    {
        var raw = Idx.Labels(1, 2, 3);
        var gzPath = temp.Write("labels-without-extension", Idx.Gzip(raw));
        var rawPath = temp.Write("labels.gz", raw);

        Assert.Equal([1, 2, 3], IdxReader.ReadFile(gzPath, IdxKind.Labels).Values);
        Assert.Equal([1, 2, 3], IdxReader.ReadFile(rawPath, IdxKind.Labels).Values);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Wrong_magic_is_rejected(bool gzip)
    {
        var bytes = Idx.File(0x12345678, [2, 2, 2], new byte[8]);

        var error = Reject("not-idx", gzip ? Idx.Gzip(bytes) : bytes, IdxKind.Images, DataProblem.WrongMagic);

        Assert.Contains("magic number is 0x12345678, expected 0x00000803", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_is_rejected_as_wrong_magic()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

        Reject("digit.png", png, IdxKind.Images, DataProblem.WrongMagic);
    }

    [Fact]
    public void A_labels_file_where_images_are_expected_is_a_wrong_dimension_count()
    {
        var error = Reject("train-labels", Idx.Labels(1, 2), IdxKind.Images, DataProblem.WrongDimensionCount);

        Assert.Contains("1 dimension(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("labels file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_images_file_where_labels_are_expected_is_a_wrong_dimension_count()
    {
        var error = Reject("train-images", Idx.Images(1), IdxKind.Labels, DataProblem.WrongDimensionCount);

        Assert.Contains("images file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_a_truncated_header()
    {
        var error = Reject("empty", [], IdxKind.Labels, DataProblem.TruncatedHeader);

        Assert.Contains("empty", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(9, false)]
    [InlineData(9, true)]
    public void A_file_cut_inside_the_header_is_a_truncated_header(int length, bool gzip)
    {
        var bytes = Idx.Images(3)[..length];

        var error = Reject("cut-header", gzip ? Idx.Gzip(bytes) : bytes, IdxKind.Images, DataProblem.TruncatedHeader);

        Assert.Contains("truncated header", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_file_cut_inside_the_data_is_truncated_data(bool gzip)
    {
        var bytes = Idx.Images(3, rows: 4, columns: 3)[..^1];

        var error = Reject("cut-data", gzip ? Idx.Gzip(bytes) : bytes, IdxKind.Images, DataProblem.TruncatedData);

        Assert.Contains("ends after 35 of the 36 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bytes_after_the_data_are_rejected_as_oversized(bool gzip)
    {
        byte[] bytes = [.. Idx.Labels(1, 2, 3), 0, 0];

        var error = Reject("oversized", gzip ? Idx.Gzip(bytes) : bytes, IdxKind.Labels, DataProblem.ExtraBytes);

        Assert.Contains("2 byte(s) follow the 3 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(IdxReader.MaxDimension + 1)]
    public void Absurd_sizes_are_rejected(int count)
    {
        var error = Reject("bad-size", Idx.File(0x0801, [count], []), IdxKind.Labels, DataProblem.BadSize);

        Assert.Contains("label count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_product_of_sizes_above_the_limit_is_rejected_before_allocating()
    {
        var error = Reject("huge", Idx.File(0x0803, [1 << 20, 1 << 10, 1 << 10], []), IdxKind.Images, DataProblem.BadSize);

        Assert.Contains("above the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_whose_deflate_data_is_garbage_is_corrupt()
    {
        byte[] bytes = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

        var error = Reject("corrupt.gz", bytes, IdxKind.Labels, DataProblem.CorruptGzip);

        Assert.Contains("does not decompress", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_with_a_wrong_checksum_is_corrupt()
    {
        var bytes = Idx.Gzip(Idx.Labels(1, 2, 3));
        bytes[^8] ^= 0xff; // first byte of the CRC-32 in the gzip trailer

        Reject("bad-crc.gz", bytes, IdxKind.Labels, DataProblem.CorruptGzip);
    }

    [Fact]
    public void A_cut_gzip_file_is_rejected()
    {
        var gz = Idx.Gzip(Idx.Images(40));

        var error = Reject("cut.gz", gz[..(gz.Length / 2)], IdxKind.Images, DataProblem.TruncatedData);

        Assert.Contains("the decompressed data ends after", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_missing_its_trailer_is_refused()
    {
        var gz = Idx.Gzip(Idx.Labels(1, 2, 3, 4, 5, 6, 7, 8, 9));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(new MemoryStream(gz[..^8]), IdxKind.Labels, "no-trailer.gz"));

        Assert.StartsWith("Invalid data file 'no-trailer.gz': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Problem, new[] { DataProblem.TruncatedData, DataProblem.CorruptGzip });
    }

    [Fact]
    public void A_small_gzip_announcing_a_gigabyte_is_refused_before_allocating_it()
    {
        // The header announces 2^30 bytes (the limit) but the content is 100 bytes: the trailer's length gives it away.
        var gz = Idx.Gzip(Idx.File(0x0803, [1 << 10, 1 << 10, 1 << 10], new byte[100]));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Reject("bomb.gz", gz, IdxKind.Images, DataProblem.TruncatedData);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("ends after 100 of the 1,073,741,824 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 4_000_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_gzip_whose_trailer_also_lies_costs_no_more_than_its_content()
    {
        var gz = Idx.Gzip(Idx.File(0x0803, [1 << 10, 1 << 10, 1 << 10], new byte[100]));
        BinaryPrimitives.WriteUInt32LittleEndian(gz.AsSpan(gz.Length - 4), (1u << 30) + 16); // the length the header implies

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Reject("lying.gz", gz, IdxKind.Images, expected: null);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(DataProblem.CorruptGzip, error.Problem); // the decompressor then checks the trailer against what it made
        Assert.True(allocated < 40_000_000, $"allocated {allocated:N0} bytes"); // the first 16 MB chunk, not 1 GB
    }

    [Fact]
    public void Sizes_whose_product_overflows_a_long_are_refused()
    {
        // Found by fuzzing: three sizes of 2^24 multiplied to 2^72 and threw OverflowException.
        var error = Reject("overflow", Idx.File(0x0803, [1 << 24, 1 << 24, 1 << 24], []), IdxKind.Images, DataProblem.BadSize);

        Assert.Contains("16,777,216 × 16,777,216", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_has_its_own_message()
    {
        var images = Idx.Images(2);
        var cases = new (byte[] Bytes, IdxKind Kind)[]
        {
            ([], IdxKind.Images),
            (Idx.File(0x0d0a0d0a, [], []), IdxKind.Images),
            (Idx.Labels(1), IdxKind.Images),
            (Idx.File(0x0803, [0, 1, 1], []), IdxKind.Images),
            (images[..^1], IdxKind.Images),
            ([.. images, 7], IdxKind.Images),
            ([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff], IdxKind.Images),
        };

        var details = cases.Select((c, i) => Reject($"case{i}", c.Bytes, c.Kind, expected: null).Detail).ToArray();
        var problems = cases.Select((c, i) => Reject($"again{i}", c.Bytes, c.Kind, expected: null).Problem).ToArray();

        Assert.Equal(details.Length, details.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(problems.Length, problems.Distinct().Count());
    }

    private DataFormatException Reject(string name, byte[] bytes, IdxKind kind, DataProblem? expected)
    {
        var path = temp.Write(name, bytes);

        var error = Assert.Throws<DataFormatException>(() => IdxReader.ReadFile(path, kind));

        if (expected is { } problem)
        {
            Assert.Equal(problem, error.Problem);
        }

        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        return error;
    }
}

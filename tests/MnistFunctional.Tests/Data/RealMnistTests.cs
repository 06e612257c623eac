using System.Collections.Immutable;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MnistFunctional.Data;

namespace MnistFunctional.Tests.Data;

public sealed partial class RealMnistTests(RealMnistFixture fixture) : IClassFixture<RealMnistFixture>
{
    // MD5 of each file's uncompressed content, as the data's README publishes it (the gzip bytes vary by source).
    private static readonly ImmutableDictionary<string, string> UncompressedMd5 = new Dictionary<string, string>
    {
        [Mnist.TrainImages] = "6bbc9ace898e44ae57da46a324031adb",
        [Mnist.TrainLabels] = "a25bea736e30d166cdddb491f175f624",
        [Mnist.TestImages] = "2646ac647ad5339dbf082846283269ea",
        [Mnist.TestLabels] = "27ae3e4e09519cfbb04c329615203637",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    [Fact]
    public void Train_set_has_the_counts_and_first_labels_of_MNIST()
    {
        var train = fixture.Data.Train;

        Assert.Equal((60_000, 28, 28, 1), (train.Count, train.Height, train.Width, train.Channels));
        Assert.Equal(60_000 * 28 * 28, train.Pixels.Length);
        Assert.Equal([5, 0, 4, 1, 9, 2, 1, 3, 1, 4], train.Labels[..10]);
        Assert.Equal([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949], ClassCounts(train));
    }

    [Fact]
    public void Test_set_has_the_counts_and_first_labels_of_MNIST()
    {
        var test = fixture.Data.Test;

        Assert.Equal((10_000, 28, 28, 1), (test.Count, test.Height, test.Width, test.Channels));
        Assert.Equal([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], test.Labels[..10]);
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], ClassCounts(test));
    }

    [Fact]
    public void Pixels_span_exactly_0_to_1()
    {
        var pixels = fixture.Data.Test.Pixels;

        Assert.Equal(0f, pixels.Min());
        Assert.Equal(1f, pixels.Max());
    }

    [Theory]
    [InlineData(Mnist.TrainImages, IdxKind.Images)]
    [InlineData(Mnist.TrainLabels, IdxKind.Labels)]
    [InlineData(Mnist.TestImages, IdxKind.Images)]
    [InlineData(Mnist.TestLabels, IdxKind.Labels)]
    public void The_reader_returns_the_canonical_content(string fileName, IdxKind kind)
    {
        var path = Mnist.FindFile(RealMnist.Directory, fileName)!;
        var expected = UncompressedMd5[fileName];

        // Rebuilding the file from what the reader returned must give the canonical bytes.
        var tensor = IdxReader.ReadFile(path, kind);
        var rebuilt = Idx.File((int)kind, [.. tensor.Dimensions], tensor.Values);

        Assert.Equal(expected, Idx.Md5(rebuilt));
        Assert.Equal(expected, UncompressedMd5Of(path));
    }

    [MnistReadmeFact]
    public void The_checksums_agree_with_the_README_published_beside_the_data()
    {
        var text = File.ReadAllText(RealMnist.Readme!);
        var mirrors = MirrorMd5Pattern().Matches(text).ToDictionary(m => $"{m.Groups[1].Value}-{m.Groups[2].Value}-idx{(m.Groups[2].Value == "images" ? 3 : 1)}-ubyte.gz", m => m.Groups[3].Value);
        var uncompressed = TablePattern().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

        Assert.Equal(4, mirrors.Count);
        Assert.Equal(mirrors.OrderBy(p => p.Key, StringComparer.Ordinal), MnistDownloader.PublishedMd5.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(uncompressed.OrderBy(p => p.Key, StringComparer.Ordinal), UncompressedMd5.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private static int[] ClassCounts(MnistFunctional.Data.Dataset data)
    {
        var counts = new int[Mnist.ClassCount];
        foreach (var label in data.Labels)
        {
            counts[label]++;
        }

        return counts;
    }

    private static string UncompressedMd5Of(string path)
    {
        using var file = File.OpenRead(path);
        using var content = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        return Convert.ToHexStringLower(MD5.HashData(content));
    }

    // "train-images f68b…" in the prose about the mirrors' own .gz files.
    [GeneratedRegex(@"\b(train|t10k)-(images|labels)\s+([0-9a-f]{32})\b")]
    private static partial Regex MirrorMd5Pattern();

    // "| train-images-idx3-ubyte.gz | … | 6bbc… |" in the table of uncompressed MD5s.
    [GeneratedRegex(@"\|\s*([a-z0-9-]+\.gz)\s*\|[^|\n]*\|\s*([0-9a-f]{32})\s*\|")]
    private static partial Regex TablePattern();
}

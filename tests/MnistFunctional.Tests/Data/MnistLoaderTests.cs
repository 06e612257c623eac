using MnistFunctional.Data;

namespace MnistFunctional.Tests.Data;

public sealed class MnistLoaderTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Pixels_are_bytes_over_255_and_labels_are_kept_in_order()
    {
        var images = temp.Write("images.gz", Idx.Gzip(Idx.Images(3, rows: 2, columns: 2)));
        var labels = temp.Write("labels", Idx.Labels(7, 0, 9));

        var data = Mnist.LoadDataset(images, labels);

        Assert.Equal((3, 2, 2, 1), (data.Count, data.Height, data.Width, data.Channels));
        Assert.Equal([7, 0, 9], data.Labels);
        Assert.Equal([0 / 255f, 7 / 255f, 14 / 255f, 21 / 255f], data.Pixels[..4]);
        Assert.Equal(31 / 255f, data.Pixels[4]);
        Assert.All(data.Pixels, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void A_label_outside_0_to_9_is_rejected()
    {
        var images = temp.Write("images", Idx.Images(3));
        var labels = temp.Write("labels", Idx.Labels(1, 10, 2));

        var error = Assert.Throws<DataFormatException>(() => Mnist.LoadDataset(images, labels));

        Assert.Equal(DataProblem.LabelOutOfRange, error.Problem);
        Assert.Equal(labels, error.FilePath);
        Assert.Contains("label 10 at index 1 is outside 0..9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_and_label_counts_must_match()
    {
        var images = temp.Write("images", Idx.Images(3));
        var labels = temp.Write("labels", Idx.Labels(1, 2));

        var error = Assert.Throws<DataFormatException>(() => Mnist.LoadDataset(images, labels));

        Assert.Equal(DataProblem.CountMismatch, error.Problem);
        Assert.Contains("2 labels", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{images}' holds 3 images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_may_hold_gzip_or_uncompressed_files()
    {
        temp.Write(Mnist.TrainImages, Idx.Gzip(Idx.Images(4, 28, 28)));
        temp.Write("train-labels-idx1-ubyte", Idx.Labels(1, 2, 3, 4));
        temp.Write(Mnist.TestImages, Idx.Gzip(Idx.Images(2, 28, 28)));
        temp.Write(Mnist.TestLabels, Idx.Gzip(Idx.Labels(5, 6)));

        var data = Mnist.Load(temp.Path);

        Assert.Empty(Mnist.MissingFiles(temp.Path));
        Assert.Equal([1, 2, 3, 4], data.Train.Labels);
        Assert.Equal([5, 6], data.Test.Labels);
    }

    [Theory]
    [InlineData(7, 2)]
    [InlineData(9, 0)]
    [InlineData(0, 3)]
    [InlineData(5, 4)]
    public void Loading_the_training_set_in_two_parts_gives_the_slices_of_the_whole(int first, int second)
    {
        temp.Write(Mnist.TrainImages, Idx.Gzip(Idx.Images(9, 28, 28)));
        temp.Write(Mnist.TrainLabels, Idx.Labels(1, 2, 3, 4, 5, 6, 7, 8, 9));
        temp.Write(Mnist.TestImages, Idx.Images(2, 28, 28));
        temp.Write(Mnist.TestLabels, Idx.Labels(5, 6));
        var whole = Mnist.Load(temp.Path);

        var (a, b, test) = Mnist.LoadSplit(temp.Path, count => count == 9 ? (first, second) : throw new InvalidOperationException());

        foreach (var (part, expected) in new[] { (a, whole.Train.Slice(0, first)), (b, whole.Train.Slice(first, second)), (test, whole.Test) })
        {
            Assert.Equal(expected.Pixels, part.Pixels);
            Assert.Equal(expected.Labels, part.Labels);
            Assert.Equal((28, 28, 1), (part.Height, part.Width, part.Channels));
        }
    }

    [Fact]
    public void Parts_larger_than_the_training_set_are_refused()
    {
        temp.Write(Mnist.TrainImages, Idx.Images(3, 28, 28));
        temp.Write(Mnist.TrainLabels, Idx.Labels(1, 2, 3));
        temp.Write(Mnist.TestImages, Idx.Images(1, 28, 28));
        temp.Write(Mnist.TestLabels, Idx.Labels(5));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Mnist.LoadSplit(temp.Path, _ => (2, 2)));

        Assert.Contains("Parts of 2 and 2 examples do not fit in the 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_part_still_checks_every_label_and_converts_only_its_examples()
    {
        var images = IdxReader.Read(new MemoryStream(Idx.Images(4, 2, 2)), IdxKind.Images, "images");
        var labels = IdxReader.Read(new MemoryStream(Idx.Labels(1, 2, 3, 4)), IdxKind.Labels, "labels");
        var bad = IdxReader.Read(new MemoryStream(Idx.Labels(1, 2, 3, 12)), IdxKind.Labels, "bad");

        var part = Mnist.ToDataset(images, labels, "images", "labels", 1..3);

        Assert.Equal([2, 3], part.Labels);
        Assert.Equal(Mnist.ToDataset(images, labels, "images", "labels").Pixels[4..12], part.Pixels);
        Assert.Equal(DataProblem.LabelOutOfRange, Assert.Throws<DataFormatException>(() => Mnist.ToDataset(images, bad, "images", "bad", 0..1)).Problem);
    }

    [Fact]
    public void A_large_set_is_converted_in_parts_to_exactly_each_byte_over_255()
    {
        // 1,500 images of 40 × 40: 2.4 M pixels, converted in parts on every core; a part starting mid-image (examples 7..).
        const int Count = 1500, Side = 40;
        var bytes = Enumerable.Range(0, Count * Side * Side).Select(i => (byte)((i * 7) + (i / 251))).ToArray();
        var images = new IdxTensor([Count, Side, Side], bytes);
        var labels = new IdxTensor([Count], [.. Enumerable.Range(0, Count).Select(i => (byte)(i % 10))]);

        var part = Mnist.ToDataset(images, labels, "images", "labels", 7..);

        Assert.Equal(bytes.Skip(7 * Side * Side).Select(b => b / 255f), part.Pixels);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        temp.Write(Mnist.TrainImages, Idx.Gzip(Idx.Images(4)));

        var error = Assert.Throws<FileNotFoundException>(() => Mnist.Load(temp.Path));

        Assert.Contains(Mnist.TrainLabels, error.Message, StringComparison.Ordinal);
        Assert.Equal([Mnist.TrainLabels, Mnist.TestImages, Mnist.TestLabels], Mnist.MissingFiles(temp.Path).ToArray());
    }

    [Theory]
    [InlineData(20)]
    [InlineData(32)]
    public void Images_of_another_size_than_28_by_28_are_refused_naming_the_file(int side)
    {
        temp.Write(Mnist.TrainImages, Idx.Gzip(Idx.Images(4, 28, 28)));
        temp.Write(Mnist.TrainLabels, Idx.Gzip(Idx.Labels(1, 2, 3, 4)));
        var testImages = temp.Write(Mnist.TestImages, Idx.Gzip(Idx.Images(2, side, side)));
        temp.Write(Mnist.TestLabels, Idx.Gzip(Idx.Labels(5, 6)));

        var error = Assert.Throws<DataFormatException>(() => Mnist.Load(temp.Path));

        Assert.Equal(DataProblem.WrongImageSize, error.Problem);
        Assert.Equal($"Invalid data file '{testImages}': its images are {side}×{side} pixels, but MNIST's are 28×28.", error.Message);
    }
}

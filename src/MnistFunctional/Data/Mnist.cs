using System.Collections.Immutable;
using MnistFunctional.IO;

namespace MnistFunctional.Data;

/// <summary>The MNIST file set and turning its IDX files into <see cref="Dataset"/> values.</summary>
public static class Mnist
{
    public const int ClassCount = 10;

    /// <summary>The side of an MNIST image, in pixels.</summary>
    public const int ImageSize = 28;

    public const string TrainImages = "train-images-idx3-ubyte.gz";
    public const string TrainLabels = "train-labels-idx1-ubyte.gz";
    public const string TestImages = "t10k-images-idx3-ubyte.gz";
    public const string TestLabels = "t10k-labels-idx1-ubyte.gz";

    /// <summary>The four files, under the names the public mirrors use.</summary>
    public static ImmutableArray<string> FileNames { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>Loads the training and test sets from <paramref name="directory"/>; their images must be 28×28.</summary>
    public static MnistData Load(string directory) =>
        new(LoadMnistDataset(directory, TrainImages, TrainLabels), LoadMnistDataset(directory, TestImages, TestLabels));

    /// <summary>Loads one images file and its labels file (raw or gzip) into a dataset with pixels in [0, 1].</summary>
    public static Dataset LoadDataset(string imagesPath, string labelsPath, int classCount = ClassCount)
    {
        var images = IdxReader.ReadFile(imagesPath, IdxKind.Images);
        var labels = IdxReader.ReadFile(labelsPath, IdxKind.Labels);
        return ToDataset(images, labels, imagesPath, labelsPath, classCount);
    }

    /// <summary>
    /// The training set as two parts — examples [0, t) and [t, t + v) where (t, v) = <paramref name="split"/>(its
    /// count) — and the test set. Each part is converted from the file's bytes on its own, as <see cref="Load"/> then
    /// <see cref="Dataset.Slice"/> would give it, without the whole set in floats beside copies of its parts: ~190 MB
    /// less memory to allocate and first touch (on some VMs each fresh 4 KB page costs ~17 µs).
    /// </summary>
    public static (Dataset First, Dataset Second, Dataset Test) LoadSplit(string directory, Func<int, (int First, int Second)> split)
    {
        ArgumentNullException.ThrowIfNull(split);
        var (imagesPath, labelsPath) = (RequireFile(directory, TrainImages), RequireFile(directory, TrainLabels));
        // The test set loads on another core meanwhile: decoding and first-touching fresh memory, ~0.3 s each here.
        var test = Task.Run(() => LoadMnistDataset(directory, TestImages, TestLabels));
        var images = IdxReader.ReadFile(imagesPath, IdxKind.Images);
        var labels = IdxReader.ReadFile(labelsPath, IdxKind.Labels);
        var (first, second) = split(images.Count);
        if (first < 0 || second < 0 || first + second > images.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(split), $"Parts of {first} and {second} examples do not fit in the {images.Count} the training set holds.");
        }

        Dataset Part(Range examples) => RequireImageSize(ToDataset(images, labels, imagesPath, labelsPath, examples), imagesPath);
        return (Part(0..first), Part(first..(first + second)), test.GetAwaiter().GetResult());
    }

    private static Dataset LoadMnistDataset(string directory, string imagesFile, string labelsFile)
    {
        var imagesPath = RequireFile(directory, imagesFile);
        return RequireImageSize(LoadDataset(imagesPath, RequireFile(directory, labelsFile)), imagesPath);
    }

    private static Dataset RequireImageSize(Dataset dataset, string imagesPath) =>
        dataset.Height == ImageSize && dataset.Width == ImageSize
            ? dataset
            : throw new DataFormatException(imagesPath, DataProblem.WrongImageSize, $"its images are {dataset.Height}×{dataset.Width} pixels, but MNIST's are {ImageSize}×{ImageSize}.");

    /// <summary>Pairs decoded images with their labels; the names are only used in error messages.</summary>
    public static Dataset ToDataset(IdxTensor images, IdxTensor labels, string imagesName, string labelsName, int classCount = ClassCount) =>
        ToDataset(images, labels, imagesName, labelsName, Range.All, classCount);

    /// <summary>As <see cref="ToDataset(IdxTensor, IdxTensor, string, string, int)"/>, converting only the <paramref name="examples"/> (every label is still checked).</summary>
    public static Dataset ToDataset(IdxTensor images, IdxTensor labels, string imagesName, string labelsName, Range examples, int classCount = ClassCount)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.Dimensions.Length != 3 || labels.Dimensions.Length != 1)
        {
            throw new ArgumentException("Expected a 3-dimensional images tensor and a 1-dimensional labels tensor.", nameof(images));
        }

        if (images.Count != labels.Count)
        {
            throw new DataFormatException(
                labelsName,
                DataProblem.CountMismatch,
                $"it holds {labels.Count:N0} labels but the images file '{imagesName}' holds {images.Count:N0} images; they must match one to one.");
        }

        var classes = new int[labels.Count];
        for (var i = 0; i < classes.Length; i++)
        {
            var label = labels.Values[i];
            if (label >= classCount)
            {
                throw new DataFormatException(labelsName, DataProblem.LabelOutOfRange, $"label {label} at index {i:N0} is outside 0..{classCount - 1}.");
            }

            classes[i] = label;
        }

        var (start, count) = examples.GetOffsetAndLength(classes.Length);
        var size = images.Dimensions[1] * images.Dimensions[2];
        var pixels = LargeArrays.Uninitialized<float>(count * size);
        // In parts on every core: most of the time is the first touch of the fresh array's pages (every element is written).
        var parts = (int)Math.Clamp(pixels.LongLength / (1 << 20), 1, Environment.ProcessorCount);
        Parallel.For(0, parts, part =>
        {
            var (from, to) = (pixels.LongLength * part / parts, pixels.LongLength * (part + 1) / parts);
            Scale(images.Values.AsSpan((int)((start * size) + from), (int)(to - from)), pixels.AsSpan((int)from, (int)(to - from)));
        });

        var partLabels = count == classes.Length ? classes : classes.AsSpan(start, count).ToArray();
        return new Dataset(pixels, partLabels, images.Dimensions[1], images.Dimensions[2], Channels: 1);
    }

    /// <summary>Each byte b as exactly b / 255f, like Keras' x / 255 (one division per byte value).</summary>
    private static void Scale(ReadOnlySpan<byte> bytes, Span<float> pixels)
    {
        Span<float> scale = stackalloc float[256];
        for (var b = 0; b < scale.Length; b++)
        {
            scale[b] = b / 255f;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            pixels[i] = scale[bytes[i]];
        }
    }

    /// <summary>
    /// The path of <paramref name="fileName"/> (a mirror's .gz name) in <paramref name="directory"/>: the .gz file,
    /// else the same file uncompressed; null when neither exists.
    /// </summary>
    public static string? FindFile(string directory, string fileName)
    {
        var gz = Path.Combine(directory, fileName);
        if (File.Exists(gz))
        {
            return gz;
        }

        var raw = Path.Combine(directory, Path.GetFileNameWithoutExtension(fileName));
        return File.Exists(raw) ? raw : null;
    }

    /// <summary>The files of the set that are in neither form in <paramref name="directory"/>.</summary>
    public static ImmutableArray<string> MissingFiles(string directory) =>
        [.. FileNames.Where(name => FindFile(directory, name) is null)];

    private static string RequireFile(string directory, string fileName) =>
        FindFile(directory, fileName)
        ?? throw new FileNotFoundException(
            $"MNIST file '{fileName}' (or '{Path.GetFileNameWithoutExtension(fileName)}') is not in '{directory}'.",
            Path.Combine(directory, fileName));
}

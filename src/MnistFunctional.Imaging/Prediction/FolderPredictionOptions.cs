using MnistFunctional.Imaging.Normalization;
using MnistFunctional.Imaging.Reading;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>How <see cref="FolderPredictor"/> finds, reads, prepares and batches the images of a folder.</summary>
public sealed record FolderPredictionOptions
{
    public static FolderPredictionOptions Default { get; } = new();

    /// <summary>Also the images in subfolders.</summary>
    public bool Recursive { get; init; }

    /// <summary>The seed's naive preparation (<see cref="MnistNormalizer.Raw"/>) instead of the MNIST-style one.</summary>
    public bool Raw { get; init; }

    /// <summary>
    /// At most this many results are handed out together, and at most twice this many files are read ahead of the
    /// output: memory stays bounded however large the folder.
    /// </summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Files read and prepared at once (one per core by default).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    public ImageReadOptions Reading { get; init; } = ImageReadOptions.Default;

    /// <summary>
    /// The memory all files being decoded and normalised at once may hold together (<see cref="ProbedImage.DecodeBytes"/>
    /// each); a file needing more than this is decoded alone. The default fits one image at the 40-megapixel limit.
    /// </summary>
    public int DecodeMemoryMegabytes { get; init; } = 1024;

    public NormalizationOptions Normalization { get; init; } = NormalizationOptions.Default;

    /// <summary>For the first this-many files, keep a thumbnail and the model's input (for a picture grid).</summary>
    public int Pictures { get; init; }

    /// <summary>The longer side of those thumbnails, in pixels.</summary>
    public int ThumbnailSize { get; init; } = 96;
}

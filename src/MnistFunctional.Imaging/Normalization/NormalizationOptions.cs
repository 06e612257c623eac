namespace MnistFunctional.Imaging.Normalization;

/// <summary>The knobs of <see cref="MnistNormalizer.Normalize"/>; the defaults suit scans, photos and drawings of one digit.</summary>
public sealed record NormalizationOptions
{
    public static NormalizationOptions Default { get; } = new();

    /// <summary>Below this difference between ink and background (0–1 luminance) the image counts as blank.</summary>
    public float MinimumContrast { get; init; } = 0.2f;

    /// <summary>Pixels less than this fraction of the contrast above the background are background.</summary>
    public float ThresholdFraction { get; init; } = 0.3f;

    /// <summary>…and so are pixels within this many noise standard deviations of the background.</summary>
    public float NoiseSigmas { get; init; } = 4f;

    /// <summary>Ink blobs lighter than this fraction of the heaviest blob are specks, not part of the digit.</summary>
    public float SpeckFraction { get; init; } = 0.1f;

    /// <summary>
    /// Strokes that would come out thinner than this many pixels in the 28×28 result are thickened first (0 for
    /// never); thicker strokes are left as drawn.
    /// </summary>
    public float MinimumStrokeWidth { get; init; } = 2f;

    /// <summary>The digit's longer side in the 28×28 result, as in MNIST (20 pixels).</summary>
    public int BoxSize { get; init; } = 20;
}

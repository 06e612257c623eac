namespace MnistFunctional.Imaging.Normalization;

/// <summary>The knobs of <see cref="MnistNormalizer.Normalize"/>; the defaults suit scans, photos and drawings of one digit.</summary>
public sealed record NormalizationOptions
{
    public static NormalizationOptions Default { get; } = new();

    /// <summary>
    /// Pictures whose longer side exceeds this are first reduced by whole blocks (keeping the inkiest pixel of
    /// each), so the normalisation's cost does not grow with the megapixels.
    /// </summary>
    public int MaximumWorkingSide { get; init; } = 640;

    /// <summary>Below this difference between ink and background (0–1 luminance) the image counts as blank.</summary>
    public float MinimumContrast { get; init; } = 0.2f;

    /// <summary>Pixels less than this fraction of the contrast above the background are background.</summary>
    public float ThresholdFraction { get; init; } = 0.3f;

    /// <summary>…and so are pixels within this many noise standard deviations of the background.</summary>
    public float NoiseSigmas { get; init; } = 4f;

    /// <summary>Ink blobs lighter than this fraction of the heaviest blob are specks, not part of the digit.</summary>
    public float SpeckFraction { get; init; } = 0.1f;

    /// <summary>No digit when the heaviest piece of ink is smaller across than this many pixels…</summary>
    public int MinimumPiecePixels { get; init; } = 3;

    /// <summary>…or than this fraction of the picture's shorter side (a stray speck).</summary>
    public float MinimumPieceFraction { get; init; } = 0.02f;

    /// <summary>No digit when more pieces of ink than this survive the speck filter (scattered noise).</summary>
    public int MaximumPieces { get; init; } = 12;

    /// <summary>No digit when less than this fraction of the square box around the scaled digit is empty (a texture).</summary>
    public float MinimumEmptyFraction { get; init; } = 0.1f;

    /// <summary>The ink level (0–1) from which a pixel of the scaled digit counts as inked for <see cref="MinimumEmptyFraction"/>.</summary>
    public float TextureInk { get; init; } = 0.3f;

    /// <summary>
    /// Strokes that would come out thinner than this many pixels in the 28×28 result are thickened first (0 for
    /// never).
    /// </summary>
    public float MinimumStrokeWidth { get; init; } = 2f;

    /// <summary>
    /// Strokes that would come out thicker than this many pixels in the 28×28 result are redrawn along their skeleton
    /// <see cref="ThinnedStrokeWidth"/> wide (0 for never): MNIST's are 2–4.
    /// </summary>
    public float MaximumStrokeWidth { get; init; } = 3.5f;

    /// <summary>Ink wider than this at the 28×28 scale is a blob or a filled-in loop, not a stroke, and is left as drawn.</summary>
    public float BlobStrokeWidth { get; init; } = 7f;

    /// <summary>The width, at the 28×28 scale, that thick strokes are redrawn with.</summary>
    public float ThinnedStrokeWidth { get; init; } = 3f;

    /// <summary>The digit's longer side in the 28×28 result, as in MNIST (20 pixels).</summary>
    public int BoxSize { get; init; } = 20;
}

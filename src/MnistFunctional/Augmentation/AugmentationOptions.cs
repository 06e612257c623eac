namespace MnistFunctional.Augmentation;

/// <summary>
/// How far <c>--augment</c> may distort a training image: a random shift, rotation and scale about the
/// image centre, and sometimes a thicker or thinner stroke. The defaults stay inside what MNIST digits
/// themselves vary by, so the label never changes (a 6 rotated 10° is still a 6).
/// </summary>
public sealed record AugmentationOptions
{
    public static AugmentationOptions Default { get; } = new();

    /// <summary>
    /// <c>--augment styles</c>: more writing styles than MNIST's own variation: Simard et al.'s (2003) elastic
    /// distortions (α 24, σ 4: a little gentler than their α 34, since the affine distortions come on top), a shear
    /// of up to ±10° (slanted writing) and a wider stroke range including strokes two pixels thicker. A first
    /// recipe with α 34, ±20° shear and ±15° rotation read continental 1s as 7s (docs/handwriting.md).
    /// </summary>
    public static AugmentationOptions Styles { get; } = new()
    {
        MaxShearDegrees = 10,
        ElasticAlpha = 24,
        ElasticSigma = 4,
        MuchThickerProbability = 0.1,
    };

    /// <summary>
    /// <c>--augment mixed</c>: <see cref="Styles"/> on half the examples and the default distortions on the other
    /// half. The styles model read the handwriting set worse than the default one (it had never seen an undistorted
    /// writing style, and read continental 1s as 7s); mixing keeps MNIST's own styles in every batch.
    /// </summary>
    public static AugmentationOptions Mixed { get; } = Styles with { StyledShare = 0.5 };

    /// <summary>
    /// <c>--augment lowres</c>: the default distortions, and on a share of the examples a <see cref="Coarsening"/>: the
    /// digit's 20 pixels shrunk to about 7–16, black and white, a few or all grey levels, enlarged back blocky or smooth,
    /// as low-resolution scans and tiny bitmaps saved larger come to the normaliser.
    /// </summary>
    public static AugmentationOptions LowResolution { get; } = new() { CoarseShare = 0.3 };

    /// <summary>
    /// <c>--augment clothing</c>: what Keras and PyTorch users train Fashion-MNIST with instead of digit distortions: a
    /// horizontal flip of half the examples (a mirrored shirt is still a shirt; a mirrored 2 is no digit) and a shift by
    /// a whole number of pixels, up to 2 each way (torchvision's <c>RandomCrop(28, padding: 2)</c>): no rotation,
    /// scaling or stroke change, and no resampling blur.
    /// </summary>
    public static AugmentationOptions Clothing { get; } = new()
    {
        MaxShift = 2,
        WholePixelShifts = true,
        MaxRotationDegrees = 0,
        MinScale = 1,
        MaxScale = 1,
        StrokeChangeProbability = 0,
        HorizontalFlipProbability = 0.5,
    };

    /// <summary>
    /// <c>--augment clothing-erasing</c>: <see cref="Clothing"/> and Zhong et al.'s (2017) random erasing of half the
    /// examples (torchvision's <c>RandomErasing</c> defaults: 2–33% of the area, aspect ratio 0.3–3.3, set to 0).
    /// </summary>
    public static AugmentationOptions ClothingErasing { get; } = Clothing with { ErasingProbability = 0.5 };

    /// <summary>Largest shift along each axis, in pixels.</summary>
    public double MaxShift { get; init; } = 2.5;

    /// <summary>
    /// Shift by whole pixels only, uniformly among −<see cref="MaxShift"/>…<see cref="MaxShift"/> (a whole number):
    /// padding and a random crop, which moves pixels without interpolating them.
    /// </summary>
    public bool WholePixelShifts { get; init; }

    /// <summary>Chance that an example is mirrored left to right (before it is shifted). 0 for none.</summary>
    public double HorizontalFlipProbability { get; init; }

    /// <summary>Chance that a rectangle of an example is erased (<see cref="ErasedRegion"/>). 0 for none.</summary>
    public double ErasingProbability { get; init; }

    /// <summary>Smallest and largest share of the image's area an erased rectangle covers.</summary>
    public double MinErasedArea { get; init; } = 0.02;

    public double MaxErasedArea { get; init; } = 0.33;

    /// <summary>Largest width-to-height ratio of an erased rectangle (and its inverse the smallest).</summary>
    public double MaxErasedRatio { get; init; } = 3.3;

    public double MaxRotationDegrees { get; init; } = 12;

    public double MinScale { get; init; } = 0.85;

    public double MaxScale { get; init; } = 1.15;

    /// <summary>Chance of a thicker stroke, and separately of a thinner one.</summary>
    public double StrokeChangeProbability { get; init; } = 0.2;

    /// <summary>Largest shear, in degrees: x moves by tan(shear) × (y − centre). 0 for none.</summary>
    public double MaxShearDegrees { get; init; }

    /// <summary>Strength of the elastic distortion in pixels (Simard's α); 0 for none.</summary>
    public double ElasticAlpha { get; init; }

    /// <summary>Smoothness of the elastic displacement field: the Gaussian's standard deviation in pixels (Simard's σ).</summary>
    public double ElasticSigma { get; init; } = 4;

    /// <summary>Chance that a stroke the ±1 pixel draw left unchanged is drawn about two pixels thicker instead.</summary>
    public double MuchThickerProbability { get; init; }

    /// <summary>
    /// Share of the examples that get the shear, elastic field and much thicker stroke; the others get only the shift,
    /// rotation, scale and ±1 pixel stroke change. 1 (all) by default.
    /// </summary>
    public double StyledShare { get; init; } = 1;

    /// <summary>Share of the examples that are coarsened to a low resolution after the other distortions (<see cref="Coarsening"/>); 0 for none.</summary>
    public double CoarseShare { get; init; }

    /// <summary>The smallest and largest side, in pixels, a coarsened 28×28 image is shrunk to.</summary>
    public int MinCoarseSide { get; init; } = 10;

    public int MaxCoarseSide { get; init; } = 22;

    /// <summary>
    /// One line for model-file metadata, checkpoints and logs (a checkpoint refuses to resume under another line).
    /// Parts that distort nothing are left out (the digit recipes have all four of the first).
    /// </summary>
    public string Describe() =>
        string.Join(", ", new[]
        {
            HorizontalFlipProbability > 0 ? FormattableString.Invariant($"horizontal flip with p={HorizontalFlipProbability}") : null,
            MaxShift > 0 ? FormattableString.Invariant($"shift ±{MaxShift}px") + (WholePixelShifts ? " in whole pixels" : string.Empty) : null,
            MaxRotationDegrees > 0 ? FormattableString.Invariant($"rotation ±{MaxRotationDegrees}°") : null,
            MinScale != 1 || MaxScale != 1 ? FormattableString.Invariant($"scale {MinScale}–{MaxScale}") : null,
            StrokeChangeProbability > 0 ? FormattableString.Invariant($"stroke ±1px with p={StrokeChangeProbability} each") : null,
            ErasingProbability > 0 ? FormattableString.Invariant($"erasing {MinErasedArea}–{MaxErasedArea} of the area (ratio ≤ {MaxErasedRatio}) with p={ErasingProbability}") : null,
        }.OfType<string>())
        + (MaxShearDegrees > 0 ? FormattableString.Invariant($", shear ±{MaxShearDegrees}°") : string.Empty)
        + (ElasticAlpha > 0 ? FormattableString.Invariant($", elastic α={ElasticAlpha} σ={ElasticSigma}") : string.Empty)
        + (MuchThickerProbability > 0 ? FormattableString.Invariant($", stroke +2px with p={MuchThickerProbability}") : string.Empty)
        + (StyledShare < 1 ? FormattableString.Invariant($", those on a share {StyledShare} of the examples") : string.Empty)
        + (CoarseShare > 0 ? FormattableString.Invariant($", low resolution ({MinCoarseSide}–{MaxCoarseSide}px, 2–17 grey levels or all, blocky or smooth) with p={CoarseShare}") : string.Empty);

    public void Validate()
    {
        if (MaxShift < 0 || MaxRotationDegrees < 0 || MinScale <= 0 || MaxScale < MinScale || StrokeChangeProbability is < 0 or > 0.5
            || MaxShearDegrees is < 0 or >= 60 || ElasticAlpha < 0 || ElasticSigma <= 0 || MuchThickerProbability < 0
            || (2 * StrokeChangeProbability) + MuchThickerProbability > 1 || StyledShare is < 0 or > 1
            || CoarseShare is < 0 or > 1 || MinCoarseSide < 2 || MaxCoarseSide < MinCoarseSide
            || (WholePixelShifts && MaxShift != Math.Floor(MaxShift)) || HorizontalFlipProbability is < 0 or > 1 || ErasingProbability is < 0 or > 1
            || MinErasedArea <= 0 || MaxErasedArea < MinErasedArea || MaxErasedArea > 1 || MaxErasedRatio < 1)
        {
            throw new ArgumentException($"Invalid augmentation options: {Describe()}.");
        }
    }
}

namespace MnistFunctional.Augmentation;

/// <summary>A change of stroke width: grey-scale dilation or erosion by about one pixel.</summary>
public enum StrokeChange
{
    None,
    Thicker,
    Thinner,

    /// <summary>Two rounds of <see cref="Thicker"/>: about two pixels wider each side.</summary>
    MuchThicker,
}

/// <summary>
/// One drawn distortion of one image: an affine map about the centre (with an optional shear), an optional elastic
/// displacement field (made from <see cref="ElasticSeed"/>, <see cref="ElasticAlpha"/> and <see cref="ElasticSigma"/>),
/// then a stroke change, then an erased rectangle. A horizontal flip mirrors the source before the affine map.
/// </summary>
public readonly record struct Distortion(double ShiftX, double ShiftY, double RotationRadians, double Scale, StrokeChange Stroke)
{
    public static Distortion Identity { get; } = new(0, 0, 0, 1, StrokeChange.None);

    /// <summary>tan of the shear angle: source x moves by this × (y − centre).</summary>
    public double Shear { get; init; }

    public double ElasticAlpha { get; init; }

    public double ElasticSigma { get; init; } = 4;

    public int ElasticSeed { get; init; }

    /// <summary>A low-resolution copy made after everything else, or null for none.</summary>
    public Coarsening? Coarsening { get; init; }

    /// <summary>Mirror the image left to right first (its column x is read from column width − 1 − x).</summary>
    public bool FlipHorizontally { get; init; }

    /// <summary>The rectangle set to background last; null for none.</summary>
    public ErasedRegion? Erased { get; init; }

    /// <summary>One random distortion of a <paramref name="height"/> × <paramref name="width"/> image within <paramref name="options"/>.</summary>
    public static Distortion Draw(AugmentationOptions options, Random source, int height, int width)
    {
        double Uniform(double low, double high) => low + ((high - low) * source.NextDouble());
        double Shift() => options.WholePixelShifts
            ? Math.Floor(Uniform(-options.MaxShift, options.MaxShift + 1)) // each of the 2·MaxShift + 1 whole shifts alike
            : Uniform(-options.MaxShift, options.MaxShift);
        var shiftX = Shift();
        var shiftY = Shift();
        var rotation = Uniform(-options.MaxRotationDegrees, options.MaxRotationDegrees) * Math.PI / 180;
        var scale = Uniform(options.MinScale, options.MaxScale);
        var stroke = source.NextDouble() switch
        {
            var p when p < options.StrokeChangeProbability => StrokeChange.Thicker,
            var p when p < 2 * options.StrokeChangeProbability => StrokeChange.Thinner,
            _ => StrokeChange.None,
        };

        // Drawn after the original four, and only when enabled, so the default options draw exactly what they always did.
        var shear = options.MaxShearDegrees > 0 ? Math.Tan(Uniform(-options.MaxShearDegrees, options.MaxShearDegrees) * Math.PI / 180) : 0;
        var elasticSeed = options.ElasticAlpha > 0 ? source.Next() : 0;
        // Of the strokes left as they are, this share is drawn two pixels thicker.
        if (options.MuchThickerProbability > 0 && source.NextDouble() < options.MuchThickerProbability && stroke == StrokeChange.None)
        {
            stroke = StrokeChange.MuchThicker;
        }

        // The clothing draws, each only when enabled: the digit recipes draw what they always drew.
        var flip = options.HorizontalFlipProbability > 0 && source.NextDouble() < options.HorizontalFlipProbability;
        var erased = options.ErasingProbability > 0 && source.NextDouble() < options.ErasingProbability
            ? ErasedRegion.Draw(source, height, width, options.MinErasedArea, options.MaxErasedArea, options.MaxErasedRatio)
            : (ErasedRegion?)null;

        // Drawn last, and only for a mixed recipe: whether this example gets the styles distortions at all.
        var styled = !(options.StyledShare < 1 && source.NextDouble() >= options.StyledShare);

        // Drawn after all the others, and only when enabled, so the recipes without it draw what they always did.
        var coarsening = options.CoarseShare > 0 ? DrawCoarsening(options, source) : null;
        var plain = new Distortion(shiftX, shiftY, rotation, scale, styled || stroke != StrokeChange.MuchThicker ? stroke : StrokeChange.None)
        {
            FlipHorizontally = flip,
            Erased = erased,
            Coarsening = coarsening,
        };
        return styled
            ? plain with { Shear = shear, ElasticAlpha = options.ElasticAlpha, ElasticSigma = options.ElasticSigma, ElasticSeed = elasticSeed }
            : plain;
    }

    /// <summary>
    /// Whether (with <see cref="AugmentationOptions.CoarseShare"/>) and how an example is coarsened: its side, then a third
    /// each black and white (threshold 0.3–0.7), 3–17 grey levels or all, then half of them enlarged smoothly.
    /// </summary>
    private static Coarsening? DrawCoarsening(AugmentationOptions options, Random source)
    {
        var chosen = source.NextDouble() < options.CoarseShare;
        var side = options.MinCoarseSide + source.Next(options.MaxCoarseSide - options.MinCoarseSide + 1);
        var kind = source.Next(3);
        var levels = kind switch { 0 => 2, 1 => 3 + source.Next(15), _ => 0 };
        var threshold = 0.3 + (0.4 * source.NextDouble());
        var smooth = source.Next(2) == 1;
        return chosen ? new Coarsening(side, levels, threshold, smooth) : null;
    }
}

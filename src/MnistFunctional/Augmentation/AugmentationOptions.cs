namespace MnistFunctional.Augmentation;

/// <summary>
/// How far <c>--augment</c> may distort a training image: a random shift, rotation and scale about the
/// image centre, and sometimes a thicker or thinner stroke. The defaults stay inside what MNIST digits
/// themselves vary by, so the label never changes (a 6 rotated 10° is still a 6).
/// </summary>
public sealed record AugmentationOptions
{
    public static AugmentationOptions Default { get; } = new();

    /// <summary>Largest shift along each axis, in pixels.</summary>
    public double MaxShift { get; init; } = 2.5;

    public double MaxRotationDegrees { get; init; } = 12;

    public double MinScale { get; init; } = 0.85;

    public double MaxScale { get; init; } = 1.15;

    /// <summary>Chance of a thicker stroke, and separately of a thinner one.</summary>
    public double StrokeChangeProbability { get; init; } = 0.2;

    /// <summary>One line for model-file metadata and logs.</summary>
    public string Describe() =>
        FormattableString.Invariant($"shift ±{MaxShift}px, rotation ±{MaxRotationDegrees}°, scale {MinScale}–{MaxScale}, stroke ±1px with p={StrokeChangeProbability} each");

    public void Validate()
    {
        if (MaxShift < 0 || MaxRotationDegrees < 0 || MinScale <= 0 || MaxScale < MinScale || StrokeChangeProbability is < 0 or > 0.5)
        {
            throw new ArgumentException($"Invalid augmentation options: {Describe()}.");
        }
    }
}

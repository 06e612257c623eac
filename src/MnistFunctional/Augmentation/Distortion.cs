namespace MnistFunctional.Augmentation;

/// <summary>A change of stroke width: grey-scale dilation or erosion by about one pixel.</summary>
public enum StrokeChange
{
    None,
    Thicker,
    Thinner,
}

/// <summary>One drawn distortion of one image: an affine map about the centre, then a stroke change.</summary>
public readonly record struct Distortion(double ShiftX, double ShiftY, double RotationRadians, double Scale, StrokeChange Stroke)
{
    public static Distortion Identity { get; } = new(0, 0, 0, 1, StrokeChange.None);

    public static Distortion Draw(AugmentationOptions options, Random source)
    {
        double Uniform(double low, double high) => low + ((high - low) * source.NextDouble());
        var shiftX = Uniform(-options.MaxShift, options.MaxShift);
        var shiftY = Uniform(-options.MaxShift, options.MaxShift);
        var rotation = Uniform(-options.MaxRotationDegrees, options.MaxRotationDegrees) * Math.PI / 180;
        var scale = Uniform(options.MinScale, options.MaxScale);
        var stroke = source.NextDouble() switch
        {
            var p when p < options.StrokeChangeProbability => StrokeChange.Thicker,
            var p when p < 2 * options.StrokeChangeProbability => StrokeChange.Thinner,
            _ => StrokeChange.None,
        };
        return new Distortion(shiftX, shiftY, rotation, scale, stroke);
    }
}

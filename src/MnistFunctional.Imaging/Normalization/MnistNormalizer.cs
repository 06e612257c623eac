using System.Collections.Immutable;

namespace MnistFunctional.Imaging.Normalization;

/// <summary>
/// Makes an arbitrary picture of one digit look like an MNIST digit, the way MNIST itself was made: pure functions
/// from a <see cref="GrayImage"/> to the 28×28 a model sees.
/// </summary>
public static class MnistNormalizer
{
    /// <summary>
    /// The MNIST-style path: shrink a very large picture (keeping thin strokes); find the background and the polarity
    /// (Otsu's threshold, the border as one piece of evidence) and make the digit light on dark; suppress the
    /// background (a threshold relative to its level and noise) and specks; reject what is no digit (specks,
    /// scattered noise); crop to the ink's bounding box; bring the strokes to MNIST's width (thin ones thickened,
    /// thick ones redrawn along their skeleton); scale the longer side to 20 pixels keeping the aspect ratio, with
    /// anti-aliasing; reject a texture; stretch the ink to full scale; place it in 28×28 with its centre of mass at
    /// (14, 14). Null when the image holds no digit.
    /// </summary>
    public static NormalizedDigit? Normalize(GrayImage image, NormalizationOptions? options = null) => Explain(image, options).Digit;

    /// <summary>As <see cref="Normalize"/>, with each step's picture and, when there is no digit, the reason.</summary>
    public static NormalizationTrace Explain(GrayImage image, NormalizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= NormalizationOptions.Default;
        var steps = ImmutableArray.CreateBuilder<NormalizationStep>();
        NormalizationTrace Rejected(string reason) => new(null, reason, steps.ToImmutable());
        void Add(string name, float[] pixels, int width, int height) => steps.Add(new NormalizationStep(name, width, height, [.. pixels]));

        var factor = InkPreservingReduction.Factor(image, options.MaximumWorkingSide);
        var working = factor > 1 ? InkPreservingReduction.Reduce(image, Background.Measure(image).Polarity, options.MaximumWorkingSide) : image;
        steps.Add(new NormalizationStep(factor > 1 ? $"picture, reduced {factor}×" : "picture", working.Width, working.Height, working.Pixels));

        // When nothing stands out from the background on the side Otsu's split and the border chose, the other side is
        // tried: a tight crop whose ink is about half the picture can mislead the choice, a blank picture fails both.
        var range = LuminanceRange.Of(working);
        var background = Background.Measure(working);
        var extracted = InkMap.Extract(working, background, range, options);
        if (extracted is null)
        {
            background = background.Opposite(working);
            extracted = InkMap.Extract(working, background, range, options);
        }

        if (extracted is not var (ink, contrast))
        {
            return Rejected("blank: nothing stands out from the background");
        }

        Add(background.Polarity == Polarity.DarkOnLight ? "ink (dark on light)" : "ink (light on dark)", ink, working.Width, working.Height);
        if (InkComponents.KeepDigit(ink, working.Width, working.Height, options.SpeckFraction) is not { } pieces)
        {
            return Rejected("blank: no ink above the threshold");
        }

        if (NoDigitRule.Pieces(pieces, working.Width, working.Height, options) is { } noise)
        {
            return Rejected(noise);
        }

        var box = pieces.Box;
        var cropped = box.Crop(ink, working.Width);
        Add("digit", cropped, box.Width, box.Height);
        var (crop, cropWidth, cropHeight) = Thicken(cropped, box.Width, box.Height, options);
        if (options.MaximumStrokeWidth > 0)
        {
            (crop, cropWidth, cropHeight) = StrokeThinning.Apply(crop, cropWidth, cropHeight, options.BoxSize, options.MaximumStrokeWidth, options.ThinnedStrokeWidth, options.BlobStrokeWidth);
        }

        if (!ReferenceEquals(crop, cropped))
        {
            Add("stroke width", crop, cropWidth, cropHeight);
        }

        var scale = options.BoxSize / (double)Math.Max(cropWidth, cropHeight);
        var width = Math.Max(1, (int)Math.Round(cropWidth * scale));
        var height = Math.Max(1, (int)Math.Round(cropHeight * scale));
        var patch = Resampler.Resize(crop, cropWidth, cropHeight, width, height);
        if (NoDigitRule.Texture(patch, width, height, options.BoxSize, options) is { } texture)
        {
            return Rejected(texture);
        }

        StretchToFullScale(patch);
        var field = PlaceByCenterOfMass(patch, width, height);
        Add("28×28", field, MnistImage.Size, MnistImage.Size);
        var inkBox = new PixelBox(box.X * factor, box.Y * factor, Math.Min(box.Width * factor, image.Width - (box.X * factor)), Math.Min(box.Height * factor, image.Height - (box.Y * factor)));
        return new NormalizationTrace(new NormalizedDigit(MnistImage.Own(field), background.Polarity, inkBox, contrast), null, steps.ToImmutable());
    }

    /// <summary>
    /// The seed's naive path: the grayscale image resized to 28×28 as it is (no inversion, no cropping), so a
    /// 28×28 MNIST picture gives back exactly its training pixels.
    /// </summary>
    public static MnistImage Raw(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return MnistImage.Own(Resampler.Resize(image.Pixels.AsSpan(), image.Width, image.Height, MnistImage.Size, MnistImage.Size));
    }

    /// <summary>
    /// When the strokes would come out thinner than <see cref="NormalizationOptions.MinimumStrokeWidth"/> after
    /// scaling, dilates them at the original resolution, on a crop grown by the dilation radius on every side.
    /// </summary>
    private static (float[] Crop, int Width, int Height) Thicken(float[] crop, int width, int height, NormalizationOptions options)
    {
        var scale = options.BoxSize / (double)Math.Max(width, height);
        if (options.MinimumStrokeWidth <= 0 || StrokeWidth.Estimate(crop, width, height) is not { } stroke
            || stroke * scale >= options.MinimumStrokeWidth)
        {
            return (crop, width, height);
        }

        var radius = Math.Max(1, (int)Math.Round(((options.MinimumStrokeWidth / scale) - stroke) / 2));
        var (grownWidth, grownHeight) = (width + (2 * radius), height + (2 * radius));
        var padded = new float[grownWidth * grownHeight];
        for (var y = 0; y < height; y++)
        {
            crop.AsSpan(y * width, width).CopyTo(padded.AsSpan(((y + radius) * grownWidth) + radius, width));
        }

        return (StrokeWidth.Dilate(padded, grownWidth, grownHeight, radius), grownWidth, grownHeight);
    }

    // MNIST's strokes reach full intensity; a thin stroke shrunk from a large image would otherwise stay faint.
    private static void StretchToFullScale(float[] patch)
    {
        var max = patch.Max();
        if (max is > 0 and < 1)
        {
            for (var i = 0; i < patch.Length; i++)
            {
                patch[i] /= max;
            }
        }
    }

    /// <summary>
    /// Shifts the patch by whole pixels so its centre of mass lands on (14, 14), where MNIST's lie on average,
    /// keeping it inside the 28×28 field.
    /// </summary>
    private static float[] PlaceByCenterOfMass(float[] patch, int width, int height)
    {
        var center = CenterOfMass.Of(patch, width, height) ?? new CenterOfMass((width - 1) / 2.0, (height - 1) / 2.0);
        var left = Math.Clamp((int)Math.Round(14 - center.X), 0, MnistImage.Size - width);
        var top = Math.Clamp((int)Math.Round(14 - center.Y), 0, MnistImage.Size - height);
        var field = new float[MnistImage.PixelCount];
        for (var y = 0; y < height; y++)
        {
            patch.AsSpan(y * width, width).CopyTo(field.AsSpan(((top + y) * MnistImage.Size) + left, width));
        }

        return field;
    }
}

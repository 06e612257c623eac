namespace MnistFunctional.Dsl;

/// <summary>
/// The shape rules of every layer kind, shared word for word by the run-time <see cref="Architecture"/>
/// and the compile-time source generator (which links this file), so both reject the same architectures
/// with the same diagnostic ID and message.
/// </summary>
public static class ShapeRules
{
    public const string NonConstantArgument = "MNF001";
    public const string SizeNotPositive = "MNF002";
    public const string WindowLargerThanInput = "MNF003";
    public const string DenseNeedsFlatten = "MNF004";
    public const string NeedsImageInput = "MNF005";
    public const string SoftmaxNotLast = "MNF006";
    public const string InputNotFirst = "MNF007";
    public const string NotPartial = "MNF008";
    public const string NoArchitecture = "MNF009";
    public const string LastNotSoftmaxDense = "MNF010";
    public const string UnsupportedExpression = "MNF011";
    public const string GlobalPoolOnVector = "MNF012";
    public const string DropoutRateOutOfRange = "MNF013";
    public const string BatchNormOptionOutOfRange = "MNF014";
    public const string ResidualShapeMismatch = "MNF015";

    /// <summary>Input: no input shape, returns its own.</summary>
    public static RuleResult Input(int index, int height, int width, int channels)
    {
        if (index != 0)
        {
            return RuleResult.Fail(InputNotFirst, $"Input(...) must be the first layer only, but layer {index + 1} is an Input");
        }

        if (height <= 0 || width <= 0 || channels <= 0)
        {
            return RuleResult.Fail(SizeNotPositive, $"Input({height}, {width}, {channels}) needs sizes greater than 0");
        }

        return RuleResult.Ok(Shape.Image(height, width, channels));
    }

    public static RuleResult Conv(int index, Shape input, int filters, int kernel, int stride, Activation activation, Padding padding = Padding.Valid)
    {
        var name = $"Conv({filters}, {kernel}) at layer {index + 1}";
        if (filters <= 0 || kernel <= 0 || stride <= 0)
        {
            return RuleResult.Fail(SizeNotPositive, $"{name} needs filters, kernel and stride greater than 0");
        }

        if (!input.IsImage)
        {
            return RuleResult.Fail(NeedsImageInput, $"{name} needs an H×W×C input, but its input is the vector {input}");
        }

        if (padding == Padding.Valid && (kernel > input.Height || kernel > input.Width))
        {
            return RuleResult.Fail(WindowLargerThanInput, $"{name} has a {kernel}×{kernel} kernel, larger than its {input.Height}×{input.Width} input (padding: Same would pad it)");
        }

        if (activation == Activation.Softmax)
        {
            return RuleResult.Fail(SoftmaxNotLast, $"{name} uses Softmax, which is allowed only on the last (Dense) layer");
        }

        return RuleResult.Ok(Shape.Image(OutputSize(input.Height, kernel, stride, padding), OutputSize(input.Width, kernel, stride, padding), filters));
    }

    /// <summary>Max pooling (<paramref name="kind"/> "Pool") or average pooling ("AvgPool"): same rules, Keras's output sizes.</summary>
    public static RuleResult Pool(int index, Shape input, int window, int stride, Padding padding, string kind = "Pool")
    {
        var name = $"{kind}({window}) at layer {index + 1}";
        if (window <= 0 || stride <= 0)
        {
            return RuleResult.Fail(SizeNotPositive, $"{name} needs a window and stride greater than 0");
        }

        if (!input.IsImage)
        {
            return RuleResult.Fail(NeedsImageInput, $"{name} needs an H×W×C input, but its input is the vector {input}");
        }

        if (padding == Padding.Valid && (window > input.Height || window > input.Width))
        {
            return RuleResult.Fail(WindowLargerThanInput, $"{name} has a {window}×{window} window, larger than its {input.Height}×{input.Width} input");
        }

        // Valid padding: floor division drops the last row/column, as Keras does (11 → 5).
        return RuleResult.Ok(Shape.Image(OutputSize(input.Height, window, stride, padding), OutputSize(input.Width, window, stride, padding), input.Channels));
    }

    public static RuleResult GlobalAvgPool(int index, Shape input) =>
        input.IsImage
            ? RuleResult.Ok(Shape.Vector(input.Channels))
            : RuleResult.Fail(GlobalPoolOnVector, $"GlobalAvgPool() at layer {index + 1} averages each channel over an H×W×C input, but its input is the vector {input}");

    public static RuleResult Dropout(int index, Shape input, double rate) =>
        rate >= 0 && rate < 1
            ? RuleResult.Ok(input)
            : RuleResult.Fail(DropoutRateOutOfRange, $"Dropout({rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}) at layer {index + 1} needs a rate in [0, 1): the fraction of values dropped");

    /// <summary>BatchNorm: any input (per channel of an image, per unit of a vector); momentum in [0, 1), epsilon &gt; 0.</summary>
    public static RuleResult BatchNorm(int index, Shape input, double momentum, double epsilon)
    {
        var name = $"BatchNorm({momentum.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {epsilon.ToString(System.Globalization.CultureInfo.InvariantCulture)}) at layer {index + 1}";
        if (!(momentum >= 0 && momentum < 1))
        {
            return RuleResult.Fail(BatchNormOptionOutOfRange, $"{name} needs a momentum in [0, 1): the share of the moving statistics kept at each training batch");
        }

        return epsilon > 0 && !double.IsInfinity(epsilon)
            ? RuleResult.Ok(input)
            : RuleResult.Fail(BatchNormOptionOutOfRange, $"{name} needs an epsilon greater than 0 (and finite): it keeps the division by √(variance + ε) defined");
    }

    /// <summary>
    /// A residual's addition at flat layer <paramref name="index"/>: the block's output and the shortcut (the residual's
    /// input, or its projection's output) must have the same shape; the activation after it may not be Softmax.
    /// </summary>
    public static RuleResult Residual(int index, Shape block, Shape shortcut, bool projected, Activation activation)
    {
        var name = $"Residual(...) at layer {index + 1}";
        if (!block.Equals(shortcut))
        {
            return RuleResult.Fail(
                ResidualShapeMismatch,
                projected
                    ? $"{name} adds its block's output {block} to its projection's output {shortcut}: the shapes must be equal"
                    : $"{name} adds its block's output {block} to its input {shortcut}: the shapes must be equal, or give a projection that maps the input to {block}, e.g. Residual(block, {Projection(shortcut, block)})");
        }

        if (activation == Activation.Softmax)
        {
            return RuleResult.Fail(SoftmaxNotLast, $"{name} uses Softmax after the addition, which is allowed only on the last (Dense) layer");
        }

        return RuleResult.Ok(block);
    }

    /// <summary>A projection from <paramref name="input"/> to <paramref name="output"/>, for messages: a strided 1×1 convolution between images, else a Dense.</summary>
    private static string Projection(Shape input, Shape output)
    {
        if (!input.IsImage || !output.IsImage)
        {
            return $"Dense({output.Size}, Linear)";
        }

        var stride = System.Math.Max(1, (input.Height + output.Height - 1) / output.Height);
        return stride == 1 ? $"Conv({output.Channels}, 1, Linear)" : $"Conv({output.Channels}, 1, Linear, stride: {stride})";
    }

    /// <summary>
    /// Keras's output length of a window of side <paramref name="window"/> sliding by <paramref name="stride"/>:
    /// ⌊(in − window) / stride⌋ + 1 for valid padding, ⌈in / stride⌉ for same padding.
    /// </summary>
    public static int OutputSize(int input, int window, int stride, Padding padding) =>
        padding == Padding.Same ? (input + stride - 1) / stride : ((input - window) / stride) + 1;

    public static RuleResult Flatten(int index, Shape input) =>
        input.IsImage
            ? RuleResult.Ok(Shape.Vector(input.Size))
            : RuleResult.Fail(NeedsImageInput, $"Flatten() at layer {index + 1} needs an H×W×C input, but its input is already the vector {input}");

    public static RuleResult Dense(int index, Shape input, int units, Activation activation, bool isLast)
    {
        var name = $"Dense({units}) at layer {index + 1}";
        if (units <= 0)
        {
            return RuleResult.Fail(SizeNotPositive, $"{name} needs units greater than 0");
        }

        if (input.IsImage)
        {
            return RuleResult.Fail(DenseNeedsFlatten, $"{name} needs a vector input, but its input is {input}: add Flatten() before it");
        }

        if (activation == Activation.Softmax && !isLast)
        {
            return RuleResult.Fail(SoftmaxNotLast, $"{name} uses Softmax, which is allowed only on the last layer");
        }

        if (isLast && activation != Activation.Softmax)
        {
            return RuleResult.Fail(LastNotSoftmaxDense, $"{name} is the last layer and must use Softmax: the network is trained with softmax cross-entropy");
        }

        return RuleResult.Ok(Shape.Vector(units));
    }

    /// <summary>The rule for the end of the chain: the last layer must be a softmax Dense.</summary>
    public static string LastLayerMessage(int count) =>
        $"The last layer (layer {count}) must be Dense(units, Softmax): the network is trained with softmax cross-entropy";
}

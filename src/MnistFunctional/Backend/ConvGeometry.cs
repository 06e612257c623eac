using MnistFunctional.Dsl;

namespace MnistFunctional.Backend;

/// <summary>
/// The compile-time facts of one convolution layer. <see cref="Padding.Valid"/>: no padding, output
/// ⌊(in − k) / stride⌋ + 1. <see cref="Padding.Same"/> (TensorFlow/Keras): output ⌈in / stride⌉, zero padding of
/// max((out − 1)·stride + k − in, 0) rows in all, half (rounded down) before, the rest after (bottom/right).
/// </summary>
public sealed record ConvGeometry(int InHeight, int InWidth, int InChannels, int Filters, int Kernel, int Stride, Activation Activation, Padding Padding = Padding.Valid)
{
    public int OutHeight => OutputSize(InHeight, Kernel, Stride, Padding);

    public int OutWidth => OutputSize(InWidth, Kernel, Stride, Padding);

    public int InSize => InHeight * InWidth * InChannels;

    public int OutSize => OutHeight * OutWidth * Filters;

    /// <summary>Rows of the im2col matrix: one patch, k·k·channels values in (dy, dx, channel) order.</summary>
    public int PatchSize => Kernel * Kernel * InChannels;

    public int Positions => OutHeight * OutWidth;

    /// <summary>Zero rows above the input (0 for valid padding).</summary>
    public int PadTop => PaddingBefore(InHeight, OutHeight, Kernel, Stride);

    /// <summary>Zero columns left of the input (0 for valid padding).</summary>
    public int PadLeft => PaddingBefore(InWidth, OutWidth, Kernel, Stride);

    /// <summary>True when some patch reaches outside the input (same padding with a non-zero total pad).</summary>
    public bool IsPadded => Padding == Padding.Same && (PaddingTotal(InHeight, OutHeight, Kernel, Stride) > 0 || PaddingTotal(InWidth, OutWidth, Kernel, Stride) > 0);

    /// <summary>Keras's output length of a window of side <paramref name="kernel"/> sliding by <paramref name="stride"/>.</summary>
    public static int OutputSize(int input, int kernel, int stride, Padding padding) => ShapeRules.OutputSize(input, kernel, stride, padding);

    /// <summary>TensorFlow's total padding of one axis: max((out − 1)·stride + k − in, 0).</summary>
    public static int PaddingTotal(int input, int output, int kernel, int stride) => Math.Max(((output - 1) * stride) + kernel - input, 0);

    /// <summary>The part of <see cref="PaddingTotal"/> before the input (the smaller half).</summary>
    public static int PaddingBefore(int input, int output, int kernel, int stride) => PaddingTotal(input, output, kernel, stride) / 2;
}

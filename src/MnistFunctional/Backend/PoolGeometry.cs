using MnistFunctional.Dsl;

namespace MnistFunctional.Backend;

/// <summary>
/// The compile-time facts of one pooling layer (max or average) over square windows, Keras semantics: output
/// ⌊(in − window) / stride⌋ + 1 for valid padding, ⌈in / stride⌉ for same padding, where a window reaching past
/// the input (padding split as for <see cref="ConvGeometry"/>) covers only its elements inside.
/// </summary>
public sealed record PoolGeometry(int InHeight, int InWidth, int Channels, int Window, int Stride, Padding Padding)
{
    /// <summary>Stride = window, valid padding (Keras's default pooling): floor division drops the last rows/columns.</summary>
    public PoolGeometry(int inHeight, int inWidth, int channels, int window)
        : this(inHeight, inWidth, channels, window, window, Padding.Valid)
    {
    }

    public int OutHeight => ConvGeometry.OutputSize(InHeight, Window, Stride, Padding);

    public int OutWidth => ConvGeometry.OutputSize(InWidth, Window, Stride, Padding);

    public int InSize => InHeight * InWidth * Channels;

    public int OutSize => OutHeight * OutWidth * Channels;

    /// <summary>Rows above the input a window may start in (0 for valid padding).</summary>
    public int PadTop => ConvGeometry.PaddingBefore(InHeight, OutHeight, Window, Stride);

    /// <summary>Columns left of the input a window may start in (0 for valid padding).</summary>
    public int PadLeft => ConvGeometry.PaddingBefore(InWidth, OutWidth, Window, Stride);

    /// <summary>Stride = window and every window inside the input: the case the seed model's fast kernels handle.</summary>
    public bool IsPlain => Stride == Window && PadTop == 0 && PadLeft == 0 && OutHeight * Window <= InHeight && OutWidth * Window <= InWidth;

    /// <summary>The rows [start, end) of the input that output row <paramref name="outRow"/>'s window covers.</summary>
    public (int Start, int End) Rows(int outRow) => Clip((outRow * Stride) - PadTop, InHeight);

    /// <summary>The columns [start, end) of the input that output column <paramref name="outColumn"/>'s window covers.</summary>
    public (int Start, int End) Columns(int outColumn) => Clip((outColumn * Stride) - PadLeft, InWidth);

    private (int Start, int End) Clip(int start, int length) => (Math.Max(start, 0), Math.Min(start + Window, length));
}

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

    /// <summary>Output pixels per example.</summary>
    public int OutPositions => OutHeight * OutWidth;

    /// <summary>
    /// Where the channel vectors of the input pixels that output pixel <paramref name="position"/>'s window covers start
    /// within one image, in scan order, into <paramref name="offsets"/> (at least Window² long); returns how many.
    /// </summary>
    public int WindowOffsets(int position, Span<int> offsets)
    {
        var (outRow, outColumn) = (position / OutWidth, position % OutWidth);
        var (top, left) = ((outRow * Stride) - PadTop, (outColumn * Stride) - PadLeft);
        var count = 0;
        for (var row = Math.Max(top, 0); row < Math.Min(top + Window, InHeight); row++)
        {
            for (var column = Math.Max(left, 0); column < Math.Min(left + Window, InWidth); column++)
            {
                offsets[count++] = ((row * InWidth) + column) * Channels;
            }
        }

        return count;
    }
}

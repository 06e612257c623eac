using MnistFunctional.Dsl;

namespace MnistFunctional.Backend;

/// <summary>The compile-time facts of one convolution layer ("valid" padding).</summary>
public sealed record ConvGeometry(int InHeight, int InWidth, int InChannels, int Filters, int Kernel, int Stride, Activation Activation)
{
    public int OutHeight => ((InHeight - Kernel) / Stride) + 1;

    public int OutWidth => ((InWidth - Kernel) / Stride) + 1;

    public int InSize => InHeight * InWidth * InChannels;

    public int OutSize => OutHeight * OutWidth * Filters;

    /// <summary>Rows of the im2col matrix: one patch, k·k·channels values in (dy, dx, channel) order.</summary>
    public int PatchSize => Kernel * Kernel * InChannels;

    public int Positions => OutHeight * OutWidth;
}

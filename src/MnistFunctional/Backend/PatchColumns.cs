namespace MnistFunctional.Backend;

/// <summary>
/// The im2col matrix of an unpadded convolution as it lies in the input, unexpanded: column q (image q / positions)
/// is the patch at <see cref="Origin"/>, k runs of k·C contiguous values one input row apart, so patch element p is at
/// Origin(q) + p + (p / <see cref="Run"/>)·<see cref="Gap"/>. <see cref="Gemm.MultiplyPatches"/> reads its B this way
/// instead of from a copy: the same values, the same sums.
/// </summary>
public readonly struct PatchColumns
{
    private readonly int positions;
    private readonly int outWidth;
    private readonly int imageSize;
    private readonly int rowStep;
    private readonly int columnStep;

    public PatchColumns(ConvGeometry g)
    {
        if (g.IsPadded)
        {
            throw new ArgumentException("Patches read in place need an unpadded convolution (a padded patch has zeros no input holds).");
        }

        (positions, outWidth, imageSize) = (g.Positions, g.OutWidth, g.InSize);
        (rowStep, columnStep) = (g.Stride * g.InWidth * g.InChannels, g.Stride * g.InChannels);
        Run = g.Kernel * g.InChannels;
        Gap = (g.InWidth - g.Kernel) * g.InChannels;
    }

    /// <summary>Contiguous values of a patch: one kernel row, k·C.</summary>
    public int Run { get; }

    /// <summary>Floats skipped between a patch's runs: the rest of the input row.</summary>
    public int Gap { get; }

    /// <summary>Where column <paramref name="column"/>'s patch starts in the batch input.</summary>
    public long Origin(int column)
    {
        var (image, position) = Math.DivRem(column, positions);
        var (y, x) = Math.DivRem(position, outWidth);
        return ((long)image * imageSize) + ((long)y * rowStep) + ((long)x * columnStep);
    }
}

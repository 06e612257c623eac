namespace MnistFunctional.Backend;

/// <summary>
/// Lays every k×k×C input patch out as one column (patch size × positions·batch), so a convolution is one
/// matrix product; and the reverse, which adds patch gradients back onto the input. The range versions work on
/// columns [first, first + count) of the whole batch's matrix (column q is image q / positions), so a caller
/// can walk the matrix in cache-sized pieces that need not end on an image. With same padding
/// (<see cref="ConvGeometry.IsPadded"/>) the parts of a patch outside the input are zeros, and their gradients
/// are dropped.
/// </summary>
public static class Im2Col
{
    public static void Expand(ConvGeometry g, ReadOnlySpan<float> input, int batch, Span<float> columns) =>
        ExpandRange(g, input, 0, g.Positions * batch, columns);

    /// <summary>Columns [first, first + count) into <paramref name="columns"/> (count × patch size).</summary>
    public static void ExpandRange(ConvGeometry g, ReadOnlySpan<float> input, int first, int count, Span<float> columns)
    {
        if (g.IsPadded)
        {
            ForEachPaddedRun(g, first, count, new Copy(input, columns));
            return;
        }

        var run = g.Kernel * g.InChannels;
        var target = 0;
        foreach (var source in PatchRows(g, first, count))
        {
            input.Slice(source, run).CopyTo(columns.Slice(target, run));
            target += run;
        }
    }

    /// <summary>Clears <paramref name="inputGradient"/>, then adds every column's patch gradient onto its input pixels.</summary>
    public static void Collapse(ConvGeometry g, ReadOnlySpan<float> columns, int batch, Span<float> inputGradient)
    {
        inputGradient.Clear();
        CollapseRange(g, columns, 0, g.Positions * batch, inputGradient);
    }

    /// <summary>Adds columns [first, first + count) (in <paramref name="columns"/>, count × patch size) onto the input gradient.</summary>
    public static void CollapseRange(ConvGeometry g, ReadOnlySpan<float> columns, int first, int count, Span<float> inputGradient)
    {
        if (g.IsPadded)
        {
            ForEachPaddedRun(g, first, count, new Fold(columns, inputGradient));
            return;
        }

        var run = g.Kernel * g.InChannels;
        var source = 0;
        foreach (var offset in PatchRows(g, first, count))
        {
            var target = inputGradient.Slice(offset, run);
            System.Numerics.Tensors.TensorPrimitives.Add(target, columns.Slice(source, run), target);
            source += run;
        }
    }

    // Every kernel row of every patch in columns [first, first + count): the part of its k·C run inside the input
    // (target offset in the column matrix, source offset in the batch input, length, where the run starts in the
    // matrix, the run's length) for the action to copy or fold; rows outside the input have length 0.
    private static void ForEachPaddedRun<TAction>(ConvGeometry g, int first, int count, TAction action)
        where TAction : IRunAction, allows ref struct
    {
        int k = g.Kernel, c = g.InChannels, stride = g.Stride, outWidth = g.OutWidth, positions = g.Positions;
        int inHeight = g.InHeight, inWidth = g.InWidth, padTop = g.PadTop, padLeft = g.PadLeft, run = k * c;
        var target = 0;
        for (var column = first; column < first + count; column++)
        {
            var (image, position) = (column / positions, column % positions);
            var (y, x) = (position / outWidth, position % outWidth);
            var left = (x * stride) - padLeft;
            var (dxStart, dxEnd) = (Math.Max(0, -left), Math.Min(k, inWidth - left));
            for (var dy = 0; dy < k; dy++, target += run)
            {
                var row = (y * stride) + dy - padTop;
                var inside = row >= 0 && row < inHeight && dxEnd > dxStart;
                var source = inside ? (image * g.InSize) + (((row * inWidth) + left + dxStart) * c) : 0;
                action.Run(target, run, inside ? dxStart * c : 0, inside ? (dxEnd - dxStart) * c : 0, source);
            }
        }
    }

    private interface IRunAction
    {
        /// <summary>One kernel row: the run at <paramref name="runStart"/> in the matrix, its inside part at <paramref name="offset"/> within it.</summary>
        void Run(int runStart, int runLength, int offset, int length, int source);
    }

    private readonly ref struct Copy(ReadOnlySpan<float> input, Span<float> columns) : IRunAction
    {
        private readonly ReadOnlySpan<float> input = input;
        private readonly Span<float> columns = columns;

        public void Run(int runStart, int runLength, int offset, int length, int source)
        {
            var target = columns.Slice(runStart, runLength);
            target[..offset].Clear();
            input.Slice(source, length).CopyTo(target.Slice(offset, length));
            target[(offset + length)..].Clear();
        }
    }

    private readonly ref struct Fold(ReadOnlySpan<float> columns, Span<float> inputGradient) : IRunAction
    {
        private readonly ReadOnlySpan<float> columns = columns;
        private readonly Span<float> inputGradient = inputGradient;

        public void Run(int runStart, int runLength, int offset, int length, int source)
        {
            var target = inputGradient.Slice(source, length);
            System.Numerics.Tensors.TensorPrimitives.Add(target, columns.Slice(runStart + offset, length), target);
        }
    }

    // Where each of the k runs (one per kernel row, k·C contiguous floats) of every patch starts in the batch input,
    // column after column: the order both directions copy in.
    private static PatchRowEnumerable PatchRows(ConvGeometry g, int first, int count) => new(g, first, count);

    private readonly struct PatchRowEnumerable(ConvGeometry g, int first, int count)
    {
        public PatchRowEnumerator GetEnumerator() => new(g, first, count);
    }

    private struct PatchRowEnumerator
    {
        private readonly int rowStride;
        private readonly int kernel;
        private readonly int outWidth;
        private readonly int positions;
        private readonly int stride;
        private readonly int channels;
        private readonly int inSize;
        private int remaining;
        private int image;
        private int position;
        private int dy;

        public PatchRowEnumerator(ConvGeometry g, int first, int count)
        {
            (rowStride, kernel, outWidth, positions, stride, channels, inSize) = (g.InWidth * g.InChannels, g.Kernel, g.OutWidth, g.Positions, g.Stride, g.InChannels, g.InSize);
            (image, position, remaining, dy) = (first / positions, first % positions, count, -1);
        }

        public int Current { get; private set; }

        public bool MoveNext()
        {
            if (++dy == kernel)
            {
                dy = 0;
                remaining--;
                if (++position == positions)
                {
                    (position, image) = (0, image + 1);
                }
            }

            if (remaining <= 0)
            {
                return false;
            }

            var (y, x) = (position / outWidth, position % outWidth);
            Current = (image * inSize) + (((y * stride) + dy) * rowStride) + (x * stride * channels);
            return true;
        }
    }
}

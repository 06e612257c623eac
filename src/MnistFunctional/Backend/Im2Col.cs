namespace MnistFunctional.Backend;

/// <summary>
/// Lays every k×k×C input patch out as one column (patch size × positions·batch), so a convolution is one
/// matrix product; and the reverse, which adds patch gradients back onto the input.
/// </summary>
public static class Im2Col
{
    public static void Expand(ConvGeometry g, ReadOnlySpan<float> input, int batch, Span<float> columns)
    {
        var run = g.Kernel * g.InChannels;
        for (var b = 0; b < batch; b++)
        {
            var image = input.Slice(b * g.InSize, g.InSize);
            var column = b * g.Positions * g.PatchSize;
            for (var y = 0; y < g.OutHeight; y++)
            {
                for (var x = 0; x < g.OutWidth; x++)
                {
                    for (var dy = 0; dy < g.Kernel; dy++)
                    {
                        var source = ((((y * g.Stride) + dy) * g.InWidth) + (x * g.Stride)) * g.InChannels;
                        image.Slice(source, run).CopyTo(columns.Slice(column + (dy * run), run));
                    }

                    column += g.PatchSize;
                }
            }
        }
    }

    public static void Collapse(ConvGeometry g, ReadOnlySpan<float> columns, int batch, Span<float> inputGradient)
    {
        var run = g.Kernel * g.InChannels;
        inputGradient.Clear();
        for (var b = 0; b < batch; b++)
        {
            var image = inputGradient.Slice(b * g.InSize, g.InSize);
            var column = b * g.Positions * g.PatchSize;
            for (var y = 0; y < g.OutHeight; y++)
            {
                for (var x = 0; x < g.OutWidth; x++)
                {
                    for (var dy = 0; dy < g.Kernel; dy++)
                    {
                        var target = image.Slice(((((y * g.Stride) + dy) * g.InWidth) + (x * g.Stride)) * g.InChannels, run);
                        System.Numerics.Tensors.TensorPrimitives.Add(target, columns.Slice(column + (dy * run), run), target);
                    }

                    column += g.PatchSize;
                }
            }
        }
    }
}

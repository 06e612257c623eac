using System.Numerics.Tensors;

namespace MnistFunctional.Backend;

/// <summary>The forward pass both poolings share: each output pixel reduces the channel vectors its clipped window covers.</summary>
internal static class PoolWindows
{
    /// <summary>The element-wise maximum of the window's channel vectors, or (<paramref name="average"/>) their mean.</summary>
    public static void Reduce(PoolGeometry g, ReadOnlySpan<float> input, int batch, Span<float> output, bool average)
    {
        var c = g.Channels;
        Span<int> offsets = stackalloc int[g.Window * g.Window];
        for (var p = 0; p < g.OutPositions; p++)
        {
            var count = g.WindowOffsets(p, offsets);
            for (var b = 0; b < batch; b++)
            {
                var image = input.Slice(b * g.InSize, g.InSize);
                var target = output.Slice((b * g.OutSize) + (p * c), c);
                image.Slice(offsets[0], c).CopyTo(target);
                for (var i = 1; i < count; i++)
                {
                    var pixel = image.Slice(offsets[i], c);
                    if (average)
                    {
                        TensorPrimitives.Add(target, pixel, target);
                    }
                    else
                    {
                        TensorPrimitives.Max(target, pixel, target);
                    }
                }

                if (average)
                {
                    TensorPrimitives.Divide(target, count, target);
                }
            }
        }
    }
}

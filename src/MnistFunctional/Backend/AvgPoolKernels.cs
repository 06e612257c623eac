using System.Numerics.Tensors;

namespace MnistFunctional.Backend;

/// <summary>
/// Average pooling (Keras AveragePooling2D) over caller-owned channels-last buffers: each output pixel is the mean
/// of the channel vectors its window covers. With same padding a window past the edge averages only its elements
/// inside the input (TensorFlow's rule; torch's count_include_pad=False). Backward spreads each output gradient
/// evenly over its window's inputs, adding where windows overlap.
/// </summary>
public static class AvgPoolKernels
{
    public static void Forward(PoolGeometry g, ReadOnlySpan<float> input, int batch, Span<float> output)
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
                    TensorPrimitives.Add(target, image.Slice(offsets[i], c), target);
                }

                TensorPrimitives.Divide(target, count, target);
            }
        }
    }

    /// <summary><paramref name="inputGradient"/> is fully overwritten.</summary>
    public static void Backward(PoolGeometry g, ReadOnlySpan<float> outputGradient, int batch, Span<float> inputGradient)
    {
        var c = g.Channels;
        Span<int> offsets = stackalloc int[g.Window * g.Window];
        inputGradient[..(g.InSize * batch)].Clear();
        for (var p = 0; p < g.OutPositions; p++)
        {
            var count = g.WindowOffsets(p, offsets);
            for (var b = 0; b < batch; b++)
            {
                var gradient = inputGradient.Slice(b * g.InSize, g.InSize);
                var source = outputGradient.Slice((b * g.OutSize) + (p * c), c);
                foreach (var offset in offsets[..count])
                {
                    var target = gradient.Slice(offset, c);
                    TensorPrimitives.MultiplyAdd(source, 1f / count, target, target);
                }
            }
        }
    }
}

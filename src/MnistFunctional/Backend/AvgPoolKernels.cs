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
        for (var b = 0; b < batch; b++)
        {
            var image = input.Slice(b * g.InSize, g.InSize);
            var result = output.Slice(b * g.OutSize, g.OutSize);
            for (var y = 0; y < g.OutHeight; y++)
            {
                var (rowStart, rowEnd) = g.Rows(y);
                for (var x = 0; x < g.OutWidth; x++)
                {
                    var (columnStart, columnEnd) = g.Columns(x);
                    var target = result.Slice(((y * g.OutWidth) + x) * c, c);
                    target.Clear();
                    for (var row = rowStart; row < rowEnd; row++)
                    {
                        for (var column = columnStart; column < columnEnd; column++)
                        {
                            TensorPrimitives.Add(target, image.Slice(((row * g.InWidth) + column) * c, c), target);
                        }
                    }

                    TensorPrimitives.Divide(target, (rowEnd - rowStart) * (columnEnd - columnStart), target);
                }
            }
        }
    }

    /// <summary><paramref name="inputGradient"/> is fully overwritten.</summary>
    public static void Backward(PoolGeometry g, ReadOnlySpan<float> outputGradient, int batch, Span<float> inputGradient)
    {
        var c = g.Channels;
        inputGradient[..(g.InSize * batch)].Clear();
        for (var b = 0; b < batch; b++)
        {
            var gradient = inputGradient.Slice(b * g.InSize, g.InSize);
            var upstream = outputGradient.Slice(b * g.OutSize, g.OutSize);
            for (var y = 0; y < g.OutHeight; y++)
            {
                var (rowStart, rowEnd) = g.Rows(y);
                for (var x = 0; x < g.OutWidth; x++)
                {
                    var (columnStart, columnEnd) = g.Columns(x);
                    var share = 1f / ((rowEnd - rowStart) * (columnEnd - columnStart));
                    var source = upstream.Slice(((y * g.OutWidth) + x) * c, c);
                    for (var row = rowStart; row < rowEnd; row++)
                    {
                        for (var column = columnStart; column < columnEnd; column++)
                        {
                            var target = gradient.Slice(((row * g.InWidth) + column) * c, c);
                            TensorPrimitives.MultiplyAdd(source, share, target, target);
                        }
                    }
                }
            }
        }
    }
}

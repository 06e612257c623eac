using System.Numerics.Tensors;

namespace MnistFunctional.Backend;

/// <summary>
/// Global average pooling (Keras GlobalAveragePooling2D): each image's channel vectors summed in scan order and
/// divided by H·W; backward gives every position of the image its channel's output gradient / (H·W).
/// </summary>
public static class GlobalAvgPoolKernels
{
    public static void Forward(GlobalPoolGeometry g, ReadOnlySpan<float> input, int batch, Span<float> output)
    {
        var c = g.Channels;
        for (var b = 0; b < batch; b++)
        {
            var image = input.Slice(b * g.InSize, g.InSize);
            var target = output.Slice(b * c, c);
            image[..c].CopyTo(target);
            for (var p = 1; p < g.Positions; p++)
            {
                TensorPrimitives.Add(target, image.Slice(p * c, c), target);
            }

            TensorPrimitives.Divide(target, g.Positions, target);
        }
    }

    /// <summary><paramref name="inputGradient"/> is fully overwritten.</summary>
    public static void Backward(GlobalPoolGeometry g, ReadOnlySpan<float> outputGradient, int batch, Span<float> inputGradient)
    {
        var c = g.Channels;
        var share = 1f / g.Positions;
        for (var b = 0; b < batch; b++)
        {
            var source = outputGradient.Slice(b * c, c);
            var gradient = inputGradient.Slice(b * g.InSize, g.InSize);
            TensorPrimitives.Multiply(source, share, gradient[..c]);
            for (var p = 1; p < g.Positions; p++)
            {
                gradient[..c].CopyTo(gradient.Slice(p * c, c));
            }
        }
    }
}

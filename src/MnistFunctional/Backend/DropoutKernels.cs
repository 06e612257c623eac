using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>
/// Inverted dropout in training (Keras Dropout): y = x / (1 − rate) where <see cref="DropoutMask"/> keeps the element,
/// else 0; backward multiplies by the same mask, decided again from the key (nothing stored between the passes). At
/// inference the layer is the identity: call nothing, use the input. <paramref name="firstExample"/> is the index of
/// the span's first example in the whole batch, so a batch split into slices gets the mask of the whole batch.
/// </summary>
public static class DropoutKernels
{
    public static void Forward(DropoutGeometry g, DropoutKey key, int firstExample, ReadOnlySpan<float> input, int batch, Span<float> output) =>
        Apply(g, key, firstExample, input, batch, output);

    /// <summary><paramref name="inputGradient"/> may be <paramref name="outputGradient"/> itself (in place).</summary>
    public static void Backward(DropoutGeometry g, DropoutKey key, int firstExample, ReadOnlySpan<float> outputGradient, int batch, Span<float> inputGradient) =>
        Apply(g, key, firstExample, outputGradient, batch, inputGradient);

    private static void Apply(DropoutGeometry g, DropoutKey key, int firstExample, ReadOnlySpan<float> source, int batch, Span<float> target)
    {
        var stream = DropoutMask.Stream(key);
        var first = (long)firstExample * g.Size;
        var (scale, rate) = (g.Scale, g.Rate);
        var values = source[..(g.Size * batch)];
        var result = target[..values.Length];
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // 16 elements at a time: two vectors of 8 hashes, their keep masks narrowed to one float mask.
            var threshold = DropoutMask.Threshold(rate);
            for (; i <= values.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var low = DropoutMask.Keeps8(stream, first + i, threshold);
                var high = DropoutMask.Keeps8(stream, first + i + 8, threshold);
                var kept = Vector512.Narrow(low, high).AsSingle();
                ((Vector512.Create(values[i..]) * scale) & kept).CopyTo(result[i..]);
            }
        }

        for (; i < values.Length; i++)
        {
            result[i] = DropoutMask.Keeps(stream, first + i, rate) ? values[i] * scale : 0f;
        }
    }
}

namespace MnistFunctional.Data;

/// <summary>
/// Labelled images as immutable arrays: <see cref="Pixels"/> holds <see cref="Count"/> examples of
/// Height × Width × Channels floats in [0, 1], one example after another (channels last), which is the
/// column-major layout of the (features × examples) matrices the networks take.
/// </summary>
public sealed record Dataset(float[] Pixels, int[] Labels, int Height, int Width, int Channels)
{
    public int Count => Labels.Length;

    public int ExampleSize => Height * Width * Channels;

    /// <summary>A copy of examples [start, start + count).</summary>
    public Dataset Slice(int start, int count) =>
        this with
        {
            Pixels = Pixels.AsSpan(start * ExampleSize, count * ExampleSize).ToArray(),
            Labels = Labels.AsSpan(start, count).ToArray(),
        };

    /// <summary>A copy of the examples at <paramref name="indices"/>, in that order.</summary>
    public Dataset Select(ReadOnlySpan<int> indices)
    {
        var size = ExampleSize;
        var pixels = new float[indices.Length * size];
        var labels = new int[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            Pixels.AsSpan(indices[i] * size, size).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = Labels[indices[i]];
        }

        return this with { Pixels = pixels, Labels = labels };
    }
}

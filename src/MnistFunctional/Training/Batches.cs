using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Data;

namespace MnistFunctional.Training;

/// <summary>Builds (features × batch) input matrices and label arrays from a dataset.</summary>
public static class Batches
{
    public static (Matrix<float> Input, int[] Labels) Take(Dataset data, ReadOnlySpan<int> order, int start, int count)
    {
        var size = data.ExampleSize;
        var pixels = new float[size * count];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var example = order[start + i];
            data.Pixels.AsSpan(example * size, size).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = data.Labels[example];
        }

        return (Matrix<float>.Build.Dense(size, count, pixels), labels);
    }

    /// <summary>As <see cref="Take"/>, into caller-owned buffers (a workspace's input): no allocation.</summary>
    public static void TakeInto(Data.Dataset data, ReadOnlySpan<int> order, int start, int count, Span<float> pixels, Span<int> labels)
    {
        var size = data.ExampleSize;
        for (var i = 0; i < count; i++)
        {
            var example = order[start + i];
            data.Pixels.AsSpan(example * size, size).CopyTo(pixels.Slice(i * size, size));
            labels[i] = data.Labels[example];
        }
    }

    /// <summary>
    /// The training distortions of batch <paramref name="batch"/> of <paramref name="epoch"/>, in place, when
    /// <paramref name="options"/> asks for augmentation: drawn from (seed, epoch, batch) only, so every backend and a
    /// resumed run distort a batch alike.
    /// </summary>
    public static void Augment(Dataset data, TrainingOptions options, Span<float> pixels, int count, int epoch, int batch)
    {
        if (options.Augmentation is { } augmentation)
        {
            Augmentation.ImageAugmentation.ApplyToBatch(augmentation, pixels, count, data.Height, data.Width, data.Channels, options.Seed, epoch, batch);
        }
    }

    /// <summary>Examples [start, start + count) in dataset order.</summary>
    public static (Matrix<float> Input, int[] Labels) Range(Dataset data, int start, int count)
    {
        var size = data.ExampleSize;
        var pixels = data.Pixels.AsSpan(start * size, count * size).ToArray();
        return (Matrix<float>.Build.Dense(size, count, pixels), data.Labels.AsSpan(start, count).ToArray());
    }
}

namespace MnistFunctional.Tensors;

/// <summary>Argument checks used by generated code, with messages that say what was expected.</summary>
public static class TensorChecks
{
    public static void RequireLengths(string owner, IReadOnlyList<float[]> arrays, int[] lengths)
    {
        if (arrays.Count != lengths.Length)
        {
            throw new ArgumentException($"{owner} needs {lengths.Length} tensors, got {arrays.Count}.", nameof(arrays));
        }

        for (var i = 0; i < lengths.Length; i++)
        {
            if (arrays[i].Length != lengths[i])
            {
                throw new ArgumentException($"{owner} tensor {i} needs {lengths[i]} values, got {arrays[i].Length}.", nameof(arrays));
            }
        }
    }

    public static void RequireLabels(ReadOnlySpan<int> labels, int batch, int classes)
    {
        if (labels.Length != batch)
        {
            throw new ArgumentException($"Expected {batch} labels (one per example), got {labels.Length}.", nameof(labels));
        }

        foreach (var label in labels)
        {
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"Labels must be in 0..{classes - 1}.");
            }
        }
    }
}

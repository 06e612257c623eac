using MnistFunctional.Tensors;

namespace MnistFunctional.Torch;

/// <summary>How far two backends' float arrays are apart (the first is the reference).</summary>
public static class Differences
{
    public static float MaxAbs(ReadOnlySpan<float> values)
    {
        var max = 0f;
        foreach (var value in values)
        {
            max = MathF.Max(max, MathF.Abs(value));
        }

        return max;
    }

    /// <summary>max |a − b|; NaN when any value is NaN or the lengths differ.</summary>
    public static float MaxAbsDiff(ReadOnlySpan<float> reference, ReadOnlySpan<float> other)
    {
        if (reference.Length != other.Length)
        {
            return float.NaN;
        }

        var max = 0f;
        for (var i = 0; i < reference.Length; i++)
        {
            var difference = MathF.Abs(reference[i] - other[i]);
            if (float.IsNaN(difference))
            {
                return float.NaN;
            }

            max = MathF.Max(max, difference);
        }

        return max;
    }

    /// <summary>max |a − b| / max(1, max |a|): absolute for values up to 1, relative to the layer's scale above.</summary>
    public static float Scaled(ReadOnlySpan<float> reference, ReadOnlySpan<float> other) =>
        MaxAbsDiff(reference, other) / MathF.Max(1f, MaxAbs(reference));

    /// <summary>max |a − b| / max |a| (the plain difference when the reference is all zeros).</summary>
    public static float Relative(ReadOnlySpan<float> reference, ReadOnlySpan<float> other)
    {
        var scale = MaxAbs(reference);
        var difference = MaxAbsDiff(reference, other);
        return scale > 0 ? difference / scale : difference;
    }

    /// <summary>
    /// Per tensor, max |r − x| divided by the largest |r| among the tensors of its layer (the name before the first '.'):
    /// a gradient relative to its layer's gradient scale. A tensor whose true gradient is 0 (a bias right before a
    /// BatchNorm: the normalisation removes any constant) holds only rounding noise on both sides, which its own size cannot
    /// scale; against its layer's kernel gradient it is measured as the noise it is. The tensors must match by position.
    /// </summary>
    public static IReadOnlyList<float> LayerScaled(IReadOnlyList<NamedTensor> reference, IReadOnlyList<NamedTensor> other)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(other);
        if (reference.Count != other.Count)
        {
            throw new ArgumentException($"{reference.Count} reference tensors against {other.Count}.", nameof(other));
        }

        static string LayerOf(NamedTensor t) => t.Name.Split('.')[0];
        var scales = reference.GroupBy(LayerOf).ToDictionary(layer => layer.Key, layer => layer.Max(t => MaxAbs(t.Data)));
        return [.. reference.Select((r, i) =>
        {
            var difference = MaxAbsDiff(r.Data, other[i].Data);
            var scale = scales[LayerOf(r)];
            return scale > 0 ? difference / scale : difference;
        })];
    }
}

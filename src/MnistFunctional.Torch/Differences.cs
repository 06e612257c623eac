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
}

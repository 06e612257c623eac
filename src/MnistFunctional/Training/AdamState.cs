using System.Collections.Immutable;

namespace MnistFunctional.Training;

/// <summary>Adam's state: the step count and the first and second moment of every tensor, in tensor order.</summary>
public sealed record AdamState(long Step, ImmutableArray<float[]> FirstMoments, ImmutableArray<float[]> SecondMoments)
{
    /// <summary>The state before the first step: zero moments shaped like <paramref name="lengths"/>.</summary>
    public static AdamState Initial(IEnumerable<int> lengths)
    {
        var sizes = lengths.ToArray();
        return new AdamState(0, [.. sizes.Select(n => new float[n])], [.. sizes.Select(n => new float[n])]);
    }
}

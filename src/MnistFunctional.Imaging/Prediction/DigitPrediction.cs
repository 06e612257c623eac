using System.Collections.Immutable;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>A model's verdict on one image: every class, most probable first.</summary>
public sealed record DigitPrediction
{
    public DigitPrediction(ImmutableArray<DigitProbability> ranking)
    {
        if (ranking.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A prediction ranks at least one class.", nameof(ranking));
        }

        Ranking = ranking;
    }

    public ImmutableArray<DigitProbability> Ranking { get; }

    public int Digit => Ranking[0].Digit;

    public float Confidence => Ranking[0].Probability;

    /// <summary>The second most probable class, when the model has more than one.</summary>
    public DigitProbability? RunnerUp => Ranking.Length > 1 ? Ranking[1] : null;

    /// <summary>The <paramref name="count"/> most probable classes.</summary>
    public ImmutableArray<DigitProbability> Top(int count) => Ranking[..Math.Min(count, Ranking.Length)];

    /// <summary>Ranks class probabilities, highest first; equal probabilities keep the lower digit first.</summary>
    public static DigitPrediction FromProbabilities(ReadOnlySpan<float> probabilities)
    {
        var ranking = new DigitProbability[probabilities.Length];
        for (var digit = 0; digit < ranking.Length; digit++)
        {
            ranking[digit] = new DigitProbability(digit, probabilities[digit]);
        }

        return new DigitPrediction([.. ranking.OrderByDescending(p => p.Probability).ThenBy(p => p.Digit)]);
    }

    /// <summary>An ensemble's prediction: the mean of the members' probabilities for each digit.</summary>
    public static DigitPrediction Mean(IReadOnlyList<DigitPrediction> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfZero(members.Count);
        var probabilities = new float[members[0].Ranking.Length];
        foreach (var member in members)
        {
            foreach (var (digit, probability) in member.Ranking)
            {
                probabilities[digit] += probability / members.Count;
            }
        }

        return FromProbabilities(probabilities);
    }
}

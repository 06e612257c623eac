using System.Collections.Immutable;

namespace MnistFunctional.Evaluation;

/// <summary>
/// Counts of (true class, predicted class) pairs: row = true class, column = predicted class, as in
/// scikit-learn's <c>confusion_matrix</c>. Immutable, with value equality over the counts.
/// </summary>
public sealed record ConfusionMatrix
{
    private readonly ImmutableArray<int> counts;

    private ConfusionMatrix(int classCount, ImmutableArray<int> counts)
    {
        ClassCount = classCount;
        this.counts = counts;
        var correct = 0;
        var total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            total += counts[i];
            if (i / classCount == i % classCount)
            {
                correct += counts[i];
            }
        }

        Total = total;
        Correct = correct;
    }

    public int ClassCount { get; }

    /// <summary>How many examples were classified at all (the sum of every cell).</summary>
    public int Total { get; }

    /// <summary>How many were classified correctly (the trace).</summary>
    public int Correct { get; }

    /// <summary>Correct / Total; 0 for an empty matrix rather than NaN.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>How many examples of true class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(actual);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, ClassCount);
            ArgumentOutOfRangeException.ThrowIfNegative(predicted);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, ClassCount);
            return counts[(actual * ClassCount) + predicted];
        }
    }

    /// <summary>Tallies <paramref name="labels"/> against <paramref name="predictions"/> (same length, each in [0, classCount)).</summary>
    public static ConfusionMatrix From(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (labels.Length != predictions.Length)
        {
            throw new ArgumentException($"There are {labels.Length} labels but {predictions.Length} predictions.", nameof(predictions));
        }

        var cells = new int[classCount * classCount];
        for (var i = 0; i < labels.Length; i++)
        {
            var actual = labels[i];
            var predicted = predictions[i];
            if ((uint)actual >= (uint)classCount)
            {
                throw new ArgumentException($"Label {actual} at index {i} is outside [0, {classCount}).", nameof(labels));
            }

            if ((uint)predicted >= (uint)classCount)
            {
                throw new ArgumentException($"Prediction {predicted} at index {i} is outside [0, {classCount}).", nameof(predictions));
            }

            cells[(actual * classCount) + predicted]++;
        }

        return new ConfusionMatrix(classCount, ImmutableArray.Create(cells));
    }

    /// <summary>A matrix from its rows (row = true class), e.g. read back from JSON; square and non-negative.</summary>
    public static ConfusionMatrix FromRows(IReadOnlyList<IReadOnlyList<int>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var classCount = rows.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1, nameof(rows));
        var cells = ImmutableArray.CreateBuilder<int>(classCount * classCount);
        for (var r = 0; r < classCount; r++)
        {
            if (rows[r].Count != classCount)
            {
                throw new ArgumentException($"Row {r} has {rows[r].Count} cells; a {classCount}-class matrix needs {classCount}.", nameof(rows));
            }

            foreach (var count in rows[r])
            {
                if (count < 0)
                {
                    throw new ArgumentException($"Row {r} has a negative count ({count}).", nameof(rows));
                }

                cells.Add(count);
            }
        }

        return new ConfusionMatrix(classCount, cells.MoveToImmutable());
    }

    /// <summary>Examples whose true class is <paramref name="actual"/> (row sum; scikit-learn's "support").</summary>
    public int Support(int actual)
    {
        var sum = 0;
        for (var predicted = 0; predicted < ClassCount; predicted++)
        {
            sum += this[actual, predicted];
        }

        return sum;
    }

    /// <summary>Examples predicted as <paramref name="predicted"/> (column sum).</summary>
    public int PredictedCount(int predicted)
    {
        var sum = 0;
        for (var actual = 0; actual < ClassCount; actual++)
        {
            sum += this[actual, predicted];
        }

        return sum;
    }

    /// <summary>The rows as fresh arrays (row = true class): the shape JSON and plotting want.</summary>
    public int[][] ToRows()
    {
        var rows = new int[ClassCount][];
        for (var r = 0; r < ClassCount; r++)
        {
            rows[r] = counts.AsSpan(r * ClassCount, ClassCount).ToArray();
        }

        return rows;
    }

    public bool Equals(ConfusionMatrix? other) =>
        other is not null && ClassCount == other.ClassCount && counts.AsSpan().SequenceEqual(other.counts.AsSpan());

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ClassCount);
        foreach (var count in counts)
        {
            hash.Add(count);
        }

        return hash.ToHashCode();
    }
}

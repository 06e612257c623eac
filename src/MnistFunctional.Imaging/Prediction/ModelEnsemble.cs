using MathNet.Numerics.LinearAlgebra;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>Several models read as one: the mean of their probabilities. Costs one forward pass per member.</summary>
public static class ModelEnsemble
{
    /// <summary>
    /// The model whose probabilities are the mean of the <paramref name="members"/>' (each a function from a (784 × n)
    /// matrix of pictures to its (classes × n) probabilities); a single member is returned as it is.
    /// </summary>
    /// <exception cref="ArgumentException">No members, or (when called) the members disagree on the number of classes.</exception>
    public static Func<Matrix<float>, Matrix<float>> Mean(IReadOnlyList<Func<Matrix<float>, Matrix<float>>> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("An ensemble needs at least one model.", nameof(members));
        }

        if (members.Count == 1)
        {
            return members[0];
        }

        var all = members.ToArray();
        return images =>
        {
            var sum = all[0](images);
            foreach (var member in all.Skip(1))
            {
                var next = member(images);
                if (next.RowCount != sum.RowCount || next.ColumnCount != sum.ColumnCount)
                {
                    throw new ArgumentException($"The ensemble's models disagree: {sum.RowCount} classes against {next.RowCount}.", nameof(members));
                }

                sum = sum.Add(next);
            }

            return sum.Divide(all.Length);
        };
    }
}

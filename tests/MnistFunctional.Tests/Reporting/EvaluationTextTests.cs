using MnistFunctional.Evaluation;
using MnistFunctional.Tests.Snapshots;

namespace MnistFunctional.Tests.Reporting;

public class EvaluationTextTests
{
    [Fact]
    public void Classification_table_is_laid_out_like_scikit_learn()
    {
        var text = EvaluationText.ClassificationTable(ClassificationReport.From(MnistLike()));

        Assert.StartsWith("              precision    recall  f1-score   support\n\n", text, StringComparison.Ordinal);
        ReadableSnapshot.Match(text);
    }

    [Fact]
    public void Confusion_table_has_one_aligned_row_per_true_digit()
    {
        var text = EvaluationText.ConfusionTable(MnistLike());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(11, lines.Length);
        Assert.Single(lines.Select(line => line.Length).Distinct());
        ReadableSnapshot.Match(text);
    }

    [Fact]
    public void Class_names_replace_the_indices()
    {
        var matrix = ConfusionMatrix.From([0, 1, 1], [0, 1, 0], 2);

        var text = EvaluationText.ConfusionTable(matrix, ["cat", "dog"]);

        Assert.Equal("true\\pred  cat  dog\n      cat    1    0\n      dog    1    1\n", text);
        Assert.Throws<ArgumentException>(() => EvaluationText.ClassificationTable(ClassificationReport.From(matrix), ["cat"]));
    }

    /// <summary>A fixed, MNIST-sized matrix: about 1,000 test digits per class, a few plausible confusions.</summary>
    internal static ConfusionMatrix MnistLike() => ConfusionMatrix.FromRows(
    [
        [973, 0, 1, 0, 0, 1, 3, 1, 1, 0],
        [0, 1129, 2, 1, 0, 0, 1, 1, 1, 0],
        [2, 1, 1020, 1, 1, 0, 0, 5, 2, 0],
        [0, 0, 2, 999, 0, 4, 0, 2, 2, 1],
        [0, 0, 0, 0, 974, 0, 2, 0, 1, 5],
        [1, 0, 0, 5, 0, 883, 2, 0, 0, 1],
        [4, 2, 0, 0, 2, 3, 946, 0, 1, 0],
        [0, 3, 6, 1, 0, 0, 0, 1013, 1, 4],
        [3, 0, 2, 1, 1, 1, 0, 2, 961, 3],
        [1, 2, 0, 1, 6, 3, 0, 4, 2, 990],
    ]);
}

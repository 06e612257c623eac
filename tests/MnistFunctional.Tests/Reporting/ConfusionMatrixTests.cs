using MnistFunctional.Evaluation;

namespace MnistFunctional.Tests.Reporting;

public class ConfusionMatrixTests
{
    // Three classes; class 2 is never predicted, so its precision is 0/0.
    private static readonly int[] Labels = [0, 0, 0, 1, 1, 2, 2];
    private static readonly int[] Predictions = [0, 0, 1, 1, 1, 1, 0];

    [Fact]
    public void Rows_are_true_classes_and_columns_predicted_classes()
    {
        var matrix = ConfusionMatrix.From(Labels, Predictions, 3);

        Assert.Equal([[2, 1, 0], [0, 2, 0], [1, 1, 0]], matrix.ToRows());
        Assert.Equal(7, matrix.Total);
        Assert.Equal(4, matrix.Correct);
        Assert.Equal(4.0 / 7, matrix.Accuracy, 12);
        Assert.Equal([3, 2, 2], Enumerable.Range(0, 3).Select(matrix.Support));
        Assert.Equal([3, 4, 0], Enumerable.Range(0, 3).Select(matrix.PredictedCount));
    }

    [Fact]
    public void Per_class_precision_recall_f1_and_support_match_the_hand_computation()
    {
        var report = ClassificationReport.From(ConfusionMatrix.From(Labels, Predictions, 3));

        AssertMetrics(report.PerClass[0], 0, 2.0 / 3, 2.0 / 3, 2.0 / 3, 3);
        AssertMetrics(report.PerClass[1], 1, 1.0 / 2, 1.0, 2.0 / 3, 2);
        Assert.Equal(4.0 / 7, report.Accuracy, 12);
        AssertAverage(report.MacroAverage, 7.0 / 18, 5.0 / 9, 4.0 / 9, 7);
        AssertAverage(report.WeightedAverage, 3.0 / 7, 4.0 / 7, 10.0 / 21, 7);
    }

    [Fact]
    public void A_class_never_predicted_has_precision_zero_not_NaN()
    {
        var report = ClassificationReport.From(ConfusionMatrix.From(Labels, Predictions, 3));

        AssertMetrics(report.PerClass[2], 2, 0, 0, 0, 2);
        Assert.All(report.PerClass, m => Assert.False(double.IsNaN(m.Precision) || double.IsNaN(m.Recall) || double.IsNaN(m.F1)));
    }

    [Fact]
    public void A_class_absent_from_both_labels_and_predictions_scores_zero()
    {
        var report = ClassificationReport.From(ConfusionMatrix.From([0, 1, 1], [0, 1, 1], 3));

        AssertMetrics(report.PerClass[0], 0, 1, 1, 1, 1);
        AssertMetrics(report.PerClass[2], 2, 0, 0, 0, 0);
        Assert.Equal(1.0, report.Accuracy);
    }

    [Fact]
    public void An_empty_matrix_has_accuracy_zero()
    {
        var matrix = ConfusionMatrix.From([], [], 10);

        Assert.Equal(0, matrix.Total);
        Assert.Equal(0.0, matrix.Accuracy);
        Assert.All(ClassificationReport.From(matrix).PerClass, m => Assert.Equal(0.0, m.Precision));
    }

    [Fact]
    public void Matrices_compare_by_value_and_round_trip_through_rows()
    {
        var matrix = ConfusionMatrix.From(Labels, Predictions, 3);
        var copy = ConfusionMatrix.FromRows(matrix.ToRows());

        Assert.Equal(matrix, copy);
        Assert.Equal(matrix.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(matrix, ConfusionMatrix.From(Labels, Labels, 3));
    }

    [Fact]
    public void ToRows_returns_copies_that_cannot_change_the_matrix()
    {
        var matrix = ConfusionMatrix.From(Labels, Predictions, 3);

        matrix.ToRows()[0][0] = 99;

        Assert.Equal(2, matrix[0, 0]);
    }

    [Fact]
    public void Bad_input_is_refused_with_a_message_naming_the_problem()
    {
        Assert.Contains("3 labels but 2 predictions", Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 1, 2], [0, 1], 3)).Message, StringComparison.Ordinal);
        Assert.Contains("Label 3 at index 1", Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 3], [0, 1], 3)).Message, StringComparison.Ordinal);
        Assert.Contains("Prediction -1 at index 0", Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0], [-1], 3)).Message, StringComparison.Ordinal);
        Assert.Contains("Row 1 has 1 cells", Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromRows([[1, 0], [1]])).Message, StringComparison.Ordinal);
        Assert.Contains("negative", Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromRows([[1, -1], [0, 1]])).Message, StringComparison.Ordinal);
    }

    private static void AssertMetrics(ClassMetrics actual, int classIndex, double precision, double recall, double f1, int support)
    {
        Assert.Equal(classIndex, actual.ClassIndex);
        Assert.Equal(precision, actual.Precision, 12);
        Assert.Equal(recall, actual.Recall, 12);
        Assert.Equal(f1, actual.F1, 12);
        Assert.Equal(support, actual.Support);
    }

    private static void AssertAverage(AveragedMetrics actual, double precision, double recall, double f1, int support)
    {
        Assert.Equal(precision, actual.Precision, 12);
        Assert.Equal(recall, actual.Recall, 12);
        Assert.Equal(f1, actual.F1, 12);
        Assert.Equal(support, actual.Support);
    }
}

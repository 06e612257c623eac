using System.Collections.Immutable;

namespace MnistFunctional.Evaluation;

/// <summary>Accuracy, per-class precision/recall/F1/support and their averages, derived from a confusion matrix.</summary>
public sealed record ClassificationReport(
    ImmutableArray<ClassMetrics> PerClass,
    double Accuracy,
    AveragedMetrics MacroAverage,
    AveragedMetrics WeightedAverage)
{
    public static ClassificationReport From(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var perClass = ImmutableArray.CreateBuilder<ClassMetrics>(matrix.ClassCount);
        for (var c = 0; c < matrix.ClassCount; c++)
        {
            var truePositives = matrix[c, c];
            var support = matrix.Support(c);
            var precision = Ratio(truePositives, matrix.PredictedCount(c));
            var recall = Ratio(truePositives, support);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.Add(new ClassMetrics(c, precision, recall, f1, support));
        }

        var classes = perClass.MoveToImmutable();
        var total = matrix.Total;
        var macro = new AveragedMetrics(
            classes.Average(m => m.Precision),
            classes.Average(m => m.Recall),
            classes.Average(m => m.F1),
            total);
        var weighted = new AveragedMetrics(
            Weighted(classes, m => m.Precision, total),
            Weighted(classes, m => m.Recall, total),
            Weighted(classes, m => m.F1, total),
            total);
        return new ClassificationReport(classes, matrix.Accuracy, macro, weighted);
    }

    // zero_division = 0: an undefined ratio counts as a miss, so an unused class cannot hide behind NaN.
    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static double Weighted(ImmutableArray<ClassMetrics> classes, Func<ClassMetrics, double> value, int total) =>
        total == 0 ? 0 : classes.Sum(m => value(m) * m.Support) / total;
}

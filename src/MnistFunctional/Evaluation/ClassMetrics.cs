namespace MnistFunctional.Evaluation;

/// <summary>
/// One class's figures as in scikit-learn's <c>classification_report</c>. Ratios whose denominator is zero
/// (a class never predicted, or never present) are 0, not NaN — scikit-learn's <c>zero_division=0</c>.
/// </summary>
public sealed record ClassMetrics(int ClassIndex, double Precision, double Recall, double F1, int Support);

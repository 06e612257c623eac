namespace MnistFunctional.Evaluation;

/// <summary>Precision, recall and F1 averaged over classes (macro: plain mean; weighted: by support), with the total support.</summary>
public sealed record AveragedMetrics(double Precision, double Recall, double F1, int Support);

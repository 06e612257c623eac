namespace MnistFunctional.Evaluation;

/// <summary>A model's mean loss over a dataset and its confusion matrix there.</summary>
public sealed record DatasetEvaluation(double Loss, ConfusionMatrix Confusion)
{
    public double Accuracy => Confusion.Accuracy;

    public ClassificationReport Report => ClassificationReport.From(Confusion);
}

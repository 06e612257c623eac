using MnistFunctional.Data;
using MnistFunctional.Tensors;
using MnistFunctional.Training;

namespace MnistFunctional.Evaluation;

/// <summary>Scores a model over a whole dataset in fixed batches: mean loss and confusion matrix.</summary>
public static class Evaluator
{
    private const int Batch = 500;

    public static DatasetEvaluation Evaluate<TParameters, TGradients>(INetwork<TParameters, TGradients> network, TParameters parameters, Dataset data, int classes = 10)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        double lossSum = 0;
        var predicted = new int[data.Count];
        for (var start = 0; start < data.Count; start += Batch)
        {
            var count = Math.Min(Batch, data.Count - start);
            var (input, labels) = Batches.Range(data, start, count);
            var score = network.Score(parameters, input, labels);
            lossSum += (double)score.Loss * count;
            score.Predicted.CopyTo(predicted, start);
        }

        return new DatasetEvaluation(data.Count == 0 ? double.NaN : lossSum / data.Count, ConfusionMatrix.From(data.Labels, predicted, classes));
    }
}

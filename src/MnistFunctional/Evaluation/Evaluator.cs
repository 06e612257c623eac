using MnistFunctional.Data;
using MnistFunctional.Tensors;

namespace MnistFunctional.Evaluation;

/// <summary>Scores a model over a whole dataset in fixed batches: mean loss and confusion matrix.</summary>
public static class Evaluator
{
    private const int Batch = 500;

    /// <param name="state">The network's state (BatchNorm's moving statistics); the initial state when null.</param>
    public static DatasetEvaluation Evaluate<TParameters, TGradients>(INetwork<TParameters, TGradients> network, TParameters parameters, Dataset data, int classes = 10, NetworkState? state = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients> =>
        Evaluate(network, parameters, data, EvaluationWorkspaces.For(network).Get, classes, state);

    /// <summary>
    /// As <see cref="Evaluate{TParameters, TGradients}(INetwork{TParameters, TGradients}, TParameters, Dataset, int, NetworkState?)"/>,
    /// with the workspace for each batch size from <paramref name="workspaceFor"/> (e.g. <see cref="EvaluationWorkspaces.Get"/>,
    /// kept from call to call). Same batches, same results.
    /// </summary>
    public static DatasetEvaluation Evaluate<TParameters, TGradients>(
        INetwork<TParameters, TGradients> network, TParameters parameters, Dataset data, Func<int, INetworkWorkspace> workspaceFor, int classes = 10, NetworkState? state = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        double lossSum = 0;
        var predicted = new int[data.Count];
        var size = data.ExampleSize;
        var networkState = state ?? network.InitialState();
        for (var start = 0; start < data.Count; start += Batch)
        {
            var count = Math.Min(Batch, data.Count - start);
            var workspace = workspaceFor(count);
            data.Pixels.AsSpan(start * size, count * size).CopyTo(Backend.Storage.Of(workspace.Input));
            var labels = data.Labels.AsSpan(start, count);
            var score = network.Score(parameters, networkState, workspace.Input, labels, workspace);
            lossSum += (double)score.Loss * count;
            score.Predicted.CopyTo(predicted, start);
        }

        return new DatasetEvaluation(data.Count == 0 ? double.NaN : lossSum / data.Count, ConfusionMatrix.From(data.Labels, predicted, classes));
    }
}

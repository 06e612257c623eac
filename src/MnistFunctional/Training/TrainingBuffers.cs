using MnistFunctional.Tensors;

namespace MnistFunctional.Training;

/// <summary>
/// The imperative shell of the training loop's memory: a workspace and label buffer per batch size, and a
/// spare set of parameter and moment arrays that Adam writes into, so the buffers of two steps alternate.
/// Only arrays this object produced and nobody else holds are recycled: never the caller's starting values,
/// never the best weights, never what an epoch-end callback saw.
/// </summary>
internal sealed class TrainingBuffers<TParameters, TGradients>(INetwork<TParameters, TGradients> network, int batchSize)
    where TParameters : ITensorSet<TParameters>
    where TGradients : ITensorSet<TGradients>
{
    private readonly (INetworkWorkspace Workspace, int[] Labels) full = (network.CreateWorkspace(batchSize), new int[batchSize]);
    private (INetworkWorkspace Workspace, int[] Labels)? remainder;
    private TParameters? produced;
    private AdamState? producedState;
    private float[][]? spareParameters;
    private float[][]? spareFirst;
    private float[][]? spareSecond;
    private readonly Backend.SliceRunner adamSlices = new(Environment.ProcessorCount); // Adam's step on every core, not one

    public (INetworkWorkspace Workspace, int[] Labels) For(int count)
    {
        if (count == full.Workspace.BatchSize)
        {
            return full;
        }

        if (remainder is not { } last || last.Workspace.BatchSize != count)
        {
            remainder = last = (network.CreateWorkspace(count), new int[count]);
        }

        return last;
    }

    /// <summary>One Adam step from <paramref name="run"/> into spare arrays (fresh ones while there are none); the run's old arrays become spare when nobody else can see them.</summary>
    public (TParameters Parameters, AdamState State) Adam(AdamOptions options, TrainingRun<TParameters> run, TGradients gradients)
    {
        var next = spareParameters is { } parameters && spareFirst is { } first && spareSecond is { } second
            ? Training.Adam.StepInto(options, run.Parameters, gradients, run.Adam, parameters, first, second, adamSlices)
            : Training.Adam.Step(options, run.Parameters, gradients, run.Adam); // fresh arrays

        var recyclable = produced is not null && ReferenceEquals(run.Parameters, produced) && !ReferenceEquals(run.Parameters, run.Best)
            && producedState is not null && ReferenceEquals(run.Adam, producedState);
        if (recyclable)
        {
            spareParameters = [.. run.Parameters.Tensors.Select(tensor => tensor.Data)];
            spareFirst = [.. run.Adam.FirstMoments];
            spareSecond = [.. run.Adam.SecondMoments];
        }
        else
        {
            spareParameters = spareFirst = spareSecond = null;
        }

        (produced, producedState) = next;
        return next;
    }

    /// <summary>Someone outside may now hold the current arrays (an epoch-end callback, the best weights): never recycle them.</summary>
    public void Publish()
    {
        produced = default;
        producedState = null;
    }
}

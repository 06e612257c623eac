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

    /// <summary>One Adam step from <paramref name="run"/> into spare arrays; the run's old arrays become spare when nobody else can see them.</summary>
    public (TParameters Parameters, AdamState State) Adam(AdamOptions options, TrainingRun<TParameters> run, TGradients gradients)
    {
        var p = run.Parameters.Tensors;
        var g = gradients.Tensors;
        var count = p.Length;
        if (spareParameters is null || spareFirst is null || spareSecond is null)
        {
            spareParameters = [.. p.Select(tensor => new float[tensor.Data.Length])];
            spareFirst = [.. p.Select(tensor => new float[tensor.Data.Length])];
            spareSecond = [.. p.Select(tensor => new float[tensor.Data.Length])];
        }

        Span<float[]> parameterArrays = new float[count][];
        Span<float[]> gradientArrays = new float[count][];
        for (var t = 0; t < count; t++)
        {
            parameterArrays[t] = p[t].Data;
            gradientArrays[t] = g[t].Data;
        }

        Training.Adam.StepInto(options, run.Adam.Step, parameterArrays, gradientArrays, run.Adam.FirstMoments.AsSpan(), run.Adam.SecondMoments.AsSpan(), spareParameters, spareFirst, spareSecond);
        var next = (TParameters.FromArrays(spareParameters), new AdamState(run.Adam.Step + 1, [.. spareFirst], [.. spareSecond]));

        var recyclable = produced is not null && ReferenceEquals(run.Parameters, produced) && !ReferenceEquals(run.Parameters, run.Best)
            && producedState is not null && ReferenceEquals(run.Adam, producedState);
        if (recyclable)
        {
            spareParameters = [.. parameterArrays];
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

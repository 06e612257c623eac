namespace MnistFunctional.Evaluation;

/// <summary>
/// The workspaces an evaluation scores its batches in, one per batch size, kept by a caller that scores often (the
/// validation every epoch, then the test set): their hundred-odd MB of batch-500 activations are allocated, and
/// first touched, once — on some VMs each fresh 4 KB page costs ~17 µs. One evaluation at a time.
/// </summary>
public sealed class EvaluationWorkspaces(Func<int, INetworkWorkspace> create)
{
    private readonly Dictionary<int, INetworkWorkspace> kept = [];

    public static EvaluationWorkspaces For<TParameters, TGradients>(INetwork<TParameters, TGradients> network)
        where TParameters : Tensors.ITensorSet<TParameters>
        where TGradients : Tensors.ITensorSet<TGradients> =>
        new(network.CreateWorkspace);

    /// <summary>The kept workspace for batches of <paramref name="batchSize"/> (made on first use).</summary>
    public INetworkWorkspace Get(int batchSize)
    {
        if (!kept.TryGetValue(batchSize, out var workspace))
        {
            kept[batchSize] = workspace = create(batchSize);
        }

        return workspace;
    }
}

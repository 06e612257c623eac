namespace MnistFunctional;

/// <summary>
/// The score of one batch and the gradients of its mean loss; <see cref="State"/> is the network's state after the
/// batch (BatchNorm's moving statistics moved by the batch's; <see cref="Tensors.NetworkState.Empty"/> without stateful layers).
/// </summary>
public sealed record TrainingStep<TGradients>(BatchScore Score, TGradients Gradients)
{
    public Tensors.NetworkState State { get; init; } = Tensors.NetworkState.Empty;
}

using System.Collections.Immutable;
using MnistFunctional.Training;

namespace MnistFunctional.Torch;

/// <summary>What a TorchSharp training run ends with: the parameters to keep (our layout), every epoch's figures, and why it stopped.</summary>
public sealed record TorchTrainingResult<TParameters>(TParameters Parameters, ImmutableArray<EpochMetrics> History, string StopReason)
{
    /// <summary>The state that goes with <see cref="Parameters"/> (BatchNorm's moving statistics; empty without stateful layers).</summary>
    public Tensors.NetworkState State { get; init; } = Tensors.NetworkState.Empty;
}

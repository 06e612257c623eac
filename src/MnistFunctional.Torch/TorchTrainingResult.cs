using System.Collections.Immutable;
using MnistFunctional.Training;

namespace MnistFunctional.Torch;

/// <summary>What a TorchSharp training run ends with: the parameters to keep (our layout), every epoch's figures, and why it stopped.</summary>
public sealed record TorchTrainingResult<TParameters>(TParameters Parameters, ImmutableArray<EpochMetrics> History, string StopReason);

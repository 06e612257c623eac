using System.Collections.Immutable;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>Every file of a folder, either predicted or skipped with its reason, each list in file order.</summary>
public sealed record FolderPrediction(ImmutableArray<PredictedImage> Predictions, ImmutableArray<SkippedImage> Skipped)
{
    public int FileCount => Predictions.Length + Skipped.Length;
}

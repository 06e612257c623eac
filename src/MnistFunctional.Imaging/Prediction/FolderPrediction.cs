using System.Collections.Immutable;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>Files of a folder, either predicted or skipped with its reason: the whole folder in file order, or a batch of them as they were done.</summary>
public sealed record FolderPrediction(ImmutableArray<PredictedImage> Predictions, ImmutableArray<SkippedImage> Skipped)
{
    public int FileCount => Predictions.Length + Skipped.Length;

    /// <summary>The batches' files together, each list in file order (the ordinal order of the names relative to the folder).</summary>
    public static FolderPrediction InFileOrder(IEnumerable<FolderPrediction> batches)
    {
        var parts = batches.ToArray();
        return new FolderPrediction(
            [.. parts.SelectMany(b => b.Predictions).OrderBy(p => p.File, StringComparer.Ordinal)],
            [.. parts.SelectMany(b => b.Skipped).OrderBy(s => s.File, StringComparer.Ordinal)]);
    }
}

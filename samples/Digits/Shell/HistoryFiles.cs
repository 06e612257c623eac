using System.Collections.Immutable;
using MnistFunctional.Training;

namespace Digits.Shell;

/// <summary>Writes the history JSON and the learning-curve PNG beside a model file.</summary>
internal static class HistoryFiles
{
    public static void Write(ModelPaths paths, ImmutableArray<EpochMetrics> history, string stopReason)
    {
        // Filled in by the reporting code (history JSON with Keras key names, curves PNG).
        _ = paths;
        _ = history;
        _ = stopReason;
    }
}

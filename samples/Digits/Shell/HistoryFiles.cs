using System.Collections.Immutable;
using MnistFunctional.Plotting;
using MnistFunctional.Reporting;
using MnistFunctional.Training;

namespace Digits.Shell;

/// <summary>Writes the history JSON and the learning-curve PNG beside a model file.</summary>
internal static class HistoryFiles
{
    public static void Write(ModelPaths paths, ImmutableArray<EpochMetrics> history, string stopReason)
    {
        var file = new TrainingHistory(history)
            .WithExtra("epochs", history.Length)
            .WithExtra("stop_reason", stopReason);
        HistoryJson.Write(paths.History, file);
        LearningCurvesPlot.Save(paths.Curves, history);
    }
}

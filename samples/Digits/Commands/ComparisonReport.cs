using System.Collections.Immutable;

namespace Digits.Commands;

/// <summary>What <c>digits compare</c> measured: per-layer, per-gradient and per-step differences and both backends' speed (seed model only).</summary>
internal sealed record ComparisonReport(
    string Network,
    int Seed,
    int BatchSize,
    ImmutableArray<LayerDifference> Layers,
    ImmutableArray<GradientDifference> Gradients,
    float MathNetLoss,
    float TorchLoss,
    float AfterOneStepMaxAbsDiff,
    float AfterManyStepsMaxAbsDiff,
    int ManySteps,
    SpeedComparison? Speed,
    string TorchLoading)
{
    /// <summary>Every layer in inference mode at the initial weights, each side with the state its first training batch moved (BatchNorm by those moving statistics).</summary>
    public ImmutableArray<LayerDifference> InferenceLayers { get; init; } = [];

    /// <summary>The state (BatchNorm's moving statistics) after the first and after the many steps: max |a − b|; null without stateful layers.</summary>
    public (float AfterOne, float AfterMany)? State { get; init; }
}

/// <summary>One layer output: max |a − b| and the same divided by max(1, max |a|).</summary>
internal sealed record LayerDifference(string Name, float MaxAbsDiff, float ScaledDiff);

/// <summary>One gradient tensor: max |a − b| and the same divided by max |a|.</summary>
internal sealed record GradientDifference(string Name, float MaxAbsDiff, float MaxRelDiff);

/// <summary>Training throughput of both backends, measured in alternating rounds within one run.</summary>
internal sealed record SpeedComparison(int BatchSize, int StepsPerBackend, int Threads, double MathNetImagesPerSecond, double TorchImagesPerSecond)
{
    /// <summary>MathNet images/s ÷ torch images/s: above 1, the generated code is faster.</summary>
    public double Ratio => MathNetImagesPerSecond / TorchImagesPerSecond;
}

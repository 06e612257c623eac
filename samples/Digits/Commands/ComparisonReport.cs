using System.Collections.Immutable;
using MnistFunctional.Tensors;
using MnistFunctional.Torch;

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
    /// <summary>Issue 11's bound for layer outputs: max |a − b| / max(1, max |a|), MathNet against torch in float64.</summary>
    public const float LayerTolerance = 1e-4f;

    /// <summary>Issue 11's bound for gradients: each float32 backend against float64 on its side of every kink, relative to the layer's gradient scale.</summary>
    public const float GradientTolerance = 1e-3f;

    /// <summary>Whether every training-mode and inference-mode layer output of MathNet is within <see cref="LayerTolerance"/> of torch's float64.</summary>
    public bool LayersPass => Layers.Concat(InferenceLayers).All(l => l.MathNetError <= LayerTolerance);

    /// <summary>Whether both backends' gradients are within <see cref="GradientTolerance"/> of the float64 reference.</summary>
    public bool GradientsPass => Gradients.All(g => g.MathNetError <= GradientTolerance && g.TorchError <= GradientTolerance);

    /// <summary>Every layer in inference mode at the initial weights, each side with the state its first training batch moved (BatchNorm by those moving statistics).</summary>
    public ImmutableArray<LayerDifference> InferenceLayers { get; init; } = [];

    /// <summary>The state (BatchNorm's moving statistics) after the first and after the many steps: max |a − b|; null without stateful layers.</summary>
    public (float AfterOne, float AfterMany)? State { get; init; }

    /// <summary>The ReLU outputs each float32 backend's training pass put on the other side of the kink than float64.</summary>
    public (KinkCrossings MathNet, KinkCrossings Torch) KinksCrossed { get; init; } = (KinkCrossings.None, KinkCrossings.None);
}

/// <summary>
/// One layer output: max |a − b| and the same divided by max(1, max |a|), MathNet against torch's float32; each float32
/// backend's distance from torch's float64 (same scaling).
/// </summary>
internal sealed record LayerDifference(string Name, float MaxAbsDiff, float ScaledDiff)
{
    public float MathNetError { get; init; }

    public float TorchError { get; init; }
}

/// <summary>
/// One gradient tensor: max |a − b| and the same divided by max |a| between the float32 backends; each one's error from
/// torch's float64 gradient on its side of every ReLU kink, relative to the layer's largest gradient (<see cref="MnistFunctional.Torch.Differences.LayerScaled"/>).
/// </summary>
internal sealed record GradientDifference(string Name, float MaxAbsDiff, float MaxRelDiff, float MathNetError, float TorchError);

/// <summary>Training throughput of both backends, measured in alternating rounds within one run.</summary>
internal sealed record SpeedComparison(int BatchSize, int StepsPerBackend, int Threads, double MathNetImagesPerSecond, double TorchImagesPerSecond)
{
    /// <summary>MathNet images/s ÷ torch images/s: above 1, the generated code is faster.</summary>
    public double Ratio => MathNetImagesPerSecond / TorchImagesPerSecond;
}

/// <summary>torch's float64 gradients on one float32 pass's side of every ReLU kink, and the elements that pass put on the other side than float64 does.</summary>
internal sealed record ReferencePass(ImmutableArray<NamedTensor> Gradients, KinkCrossings Crossed);

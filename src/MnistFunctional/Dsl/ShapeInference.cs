using System.Collections.Immutable;

namespace MnistFunctional.Dsl;

/// <summary>The layers whose shapes could be inferred, and the error that stopped inference, if any.</summary>
public sealed record ShapeInference(ImmutableArray<LayerInfo> Layers, ArchitectureError? Error);

using System.Collections.Immutable;
using MnistFunctional.Dsl;

namespace MnistFunctional.Serialization;

/// <summary>
/// The parameter tensors an architecture has, read from the architecture value alone: every layer's tensors
/// (<see cref="ChainInterpreter.TensorsOf"/>) in order, Keras layout. The generated parameter records follow the same rule.
/// </summary>
public static class ParameterLayout
{
    /// <summary>The expected tensors of <paramref name="architecture"/>; throws <see cref="ArchitectureException"/> when it is invalid.</summary>
    public static ImmutableArray<TensorSpec> Of(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return [.. architecture.Describe().SelectMany(layer => layer.Tensors)];
    }
}

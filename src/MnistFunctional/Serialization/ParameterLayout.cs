using System.Collections.Immutable;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

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

    /// <summary>
    /// The expected tensors of <paramref name="architecture"/>, after checking that <paramref name="tensors"/> are
    /// exactly those (names and shapes, in order); throws <see cref="ArgumentException"/> naming both lists otherwise.
    /// </summary>
    public static ImmutableArray<TensorSpec> Require(Architecture architecture, IReadOnlyList<NamedTensor> tensors, string parameterName)
    {
        var layout = Of(architecture);
        var actual = tensors.Select(tensor => new TensorSpec(tensor.Name, [.. tensor.Shape])).ToList();
        if (!actual.SequenceEqual(layout))
        {
            throw new ArgumentException(
                $"The parameters' tensors [{string.Join(", ", actual)}] are not those of the architecture {architecture.CanonicalText}: [{string.Join(", ", layout)}].",
                parameterName);
        }

        return layout;
    }
}

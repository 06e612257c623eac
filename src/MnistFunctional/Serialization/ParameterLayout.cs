using System.Collections.Immutable;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Serialization;

/// <summary>
/// The parameter tensors an architecture has, read from the architecture value alone: every layer's trainable tensors
/// (<see cref="ChainInterpreter.TensorsOf"/>) in order, Keras layout; and apart its state tensors (BatchNorm's moving
/// statistics, <see cref="StateOf"/>). The generated Parameters and State records follow the same rule.
/// </summary>
public static class ParameterLayout
{
    /// <summary>The expected tensors of <paramref name="architecture"/>; throws <see cref="ArchitectureException"/> when it is invalid.</summary>
    public static ImmutableArray<TensorSpec> Of(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return [.. architecture.Describe().SelectMany(layer => layer.Tensors).Where(tensor => tensor.Trainable)];
    }

    /// <summary>The state tensors of <paramref name="architecture"/> (none without BatchNorm), in order; throws <see cref="ArchitectureException"/> when it is invalid.</summary>
    public static ImmutableArray<TensorSpec> StateOf(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return [.. architecture.Describe().SelectMany(layer => layer.Tensors).Where(tensor => !tensor.Trainable)];
    }

    /// <summary>
    /// The expected tensors of <paramref name="architecture"/>, after checking that <paramref name="tensors"/> are
    /// exactly those (names and shapes, in order); throws <see cref="ArgumentException"/> naming both lists otherwise.
    /// </summary>
    public static ImmutableArray<TensorSpec> Require(Architecture architecture, IReadOnlyList<NamedTensor> tensors, string parameterName) =>
        Require(Of(architecture), architecture, tensors, "parameters'", parameterName);

    /// <summary>As <see cref="Require(Architecture, IReadOnlyList{NamedTensor}, string)"/> for the state tensors (<see cref="StateOf"/>).</summary>
    public static ImmutableArray<TensorSpec> RequireState(Architecture architecture, IReadOnlyList<NamedTensor> tensors, string parameterName) =>
        Require(StateOf(architecture), architecture, tensors, "state's", parameterName);

    private static ImmutableArray<TensorSpec> Require(ImmutableArray<TensorSpec> layout, Architecture architecture, IReadOnlyList<NamedTensor> tensors, string what, string parameterName)
    {
        var actual = tensors.Select(tensor => (tensor.Name, Shape: tensor.ShapeText)).ToList();
        if (!actual.SequenceEqual(layout.Select(spec => (spec.Name, Shape: spec.ShapeText))))
        {
            throw new ArgumentException(
                $"The {what} tensors [{string.Join(", ", actual.Select(t => $"{t.Name} {t.Shape}"))}] are not those of the architecture {architecture.CanonicalText}: [{string.Join(", ", layout)}].",
                parameterName);
        }

        return layout;
    }
}

using System.Collections.Immutable;
using System.Linq;

namespace MnistFunctional.Dsl;

/// <summary>
/// A tensor's name and shape, without its data (e.g. <c>Conv1.kernel</c> (3, 3, 1, 32)). <paramref name="Trainable"/>
/// is false for state a layer keeps but the optimiser never touches (BatchNorm's moving statistics).
/// </summary>
public sealed record TensorSpec(string Name, ImmutableArray<int> Shape, bool Trainable = true)
{
    /// <summary>Number of elements (the product of the shape).</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);

    public string ShapeText => $"({string.Join(", ", Shape)})";

    public bool Equals(TensorSpec? other) =>
        other is not null && Name == other.Name && Shape.SequenceEqual(other.Shape) && Trainable == other.Trainable;

    public override int GetHashCode() =>
        Shape.Aggregate(Name.GetHashCode(), (hash, dimension) => unchecked((hash * 31) + dimension));

    public override string ToString() => $"{Name} {ShapeText}";
}

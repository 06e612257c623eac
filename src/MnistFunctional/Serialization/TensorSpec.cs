using System.Collections.Immutable;

namespace MnistFunctional.Serialization;

/// <summary>A tensor's name and shape, without its data (e.g. <c>Conv1.kernel</c> (3, 3, 1, 32)).</summary>
public sealed record TensorSpec(string Name, ImmutableArray<int> Shape)
{
    /// <summary>Number of elements (the product of the shape).</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);

    public string ShapeText => $"({string.Join(", ", Shape)})";

    public bool Equals(TensorSpec? other) =>
        other is not null && Name == other.Name && Shape.SequenceEqual(other.Shape);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Name);
        foreach (var dimension in Shape)
        {
            hash.Add(dimension);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"{Name} {ShapeText}";
}

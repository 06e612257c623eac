using System.Collections.Immutable;

namespace MnistFunctional.Tensors;

/// <summary>A record of named tensors in a fixed order (a network's parameters or gradients).</summary>
public interface ITensorSet<TSelf>
    where TSelf : ITensorSet<TSelf>
{
    /// <summary>The tensors in declaration order, sharing storage with this value.</summary>
    ImmutableArray<NamedTensor> Tensors { get; }

    /// <summary>Builds a value whose tensors use the given arrays (declaration order) as storage.</summary>
    static abstract TSelf FromArrays(IReadOnlyList<float[]> arrays);
}

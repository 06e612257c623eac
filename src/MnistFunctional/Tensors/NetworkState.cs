using System.Collections.Immutable;

namespace MnistFunctional.Tensors;

/// <summary>
/// A network's state: tensors its layers keep but the optimiser never touches (BatchNorm's moving mean and variance, in
/// layer order, Keras names), as Lux keeps <c>st</c> beside <c>ps</c>. A training step returns the next state; inference
/// reads it; model files and checkpoints save it. Networks without stateful layers have <see cref="Empty"/>. The
/// generated <c>State</c> record is the typed form; this is the form code written once for every network passes around.
/// </summary>
public sealed record NetworkState(ImmutableArray<NamedTensor> Tensors)
{
    public static NetworkState Empty { get; } = new(ImmutableArray<NamedTensor>.Empty);

    public bool IsEmpty => Tensors.IsDefaultOrEmpty;

    /// <summary>The tensors' arrays, in order (the generated State record's <c>FromArrays</c> takes them).</summary>
    public IReadOnlyList<float[]> Arrays => [.. Tensors.Select(tensor => tensor.Data)];

    public bool Equals(NetworkState? other) =>
        other is not null && Tensors.Length == other.Tensors.Length
        && Tensors.Zip(other.Tensors).All(pair => pair.First.Name == pair.Second.Name && pair.First.Data.AsSpan().SequenceEqual(pair.Second.Data));

    public override int GetHashCode() => Tensors.Length;
}

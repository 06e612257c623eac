using System.Collections.Immutable;
using System.Linq;

namespace MnistFunctional.Dsl;

/// <summary>
/// A network architecture: an immutable chain of layers with value equality.
/// It is the one source of truth: the generator, the summary, the model file and other backends read it.
/// </summary>
public sealed record Architecture
{
    public Architecture(ImmutableArray<Layer> layers) => Layers = layers;

    public ImmutableArray<Layer> Layers { get; }

    /// <summary>Canonical text, stable across versions: <c>Input(28,28,1) &gt;&gt; Conv(32,3,ReLU,1,Valid) &gt;&gt; …</c>.</summary>
    public string CanonicalText => string.Join(" >> ", Layers.Select(layer => layer.CanonicalText));

    public static Architecture operator >>(Architecture first, Layer next) => new(first.Layers.Add(next));

    /// <summary>One layer as a chain of one, so a residual's block or projection may be a single layer.</summary>
    public static implicit operator Architecture(Layer layer) => new(ImmutableArray.Create(layer));

    public bool Equals(Architecture? other) => other is not null && Layers.SequenceEqual(other.Layers);

    public override int GetHashCode() => Layers.Aggregate(17, (hash, layer) => unchecked((hash * 31) + layer.GetHashCode()));

    public override string ToString() => CanonicalText;

    /// <summary>Every layer's name, shapes and tensors (<see cref="ChainInterpreter"/>), or the first rule the architecture breaks.</summary>
    public ShapeInference InferShapes() => ChainInterpreter.Interpret(Layers);

    /// <summary>Every layer's name, shapes and tensors; throws <see cref="ArchitectureException"/> when the architecture is invalid.</summary>
    public ImmutableArray<LayerInfo> Describe()
    {
        var inference = InferShapes();
        return inference.Error is { } error ? throw new ArchitectureException(error) : inference.Layers;
    }
}

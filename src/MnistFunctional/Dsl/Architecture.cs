using System.Collections.Immutable;

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

    public bool Equals(Architecture? other) => other is not null && Layers.SequenceEqual(other.Layers);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var layer in Layers)
        {
            hash.Add(layer);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => CanonicalText;

    /// <summary>Infers every layer's output shape, or the first rule the architecture breaks.</summary>
    public ShapeInference InferShapes()
    {
        var shapes = ImmutableArray.CreateBuilder<LayerInfo>(Layers.Length);
        var current = default(Shape);
        for (var index = 0; index < Layers.Length; index++)
        {
            var layer = Layers[index];
            var isLast = index == Layers.Length - 1;
            var result = (layer, index) switch
            {
                (InputLayer input, _) => ShapeRules.Input(index, input.Height, input.Width, input.Channels),
                (_, 0) => RuleResult.Fail(ShapeRules.InputNotFirst, $"The first layer must be Input(height, width, channels), not {layer.CanonicalText}"),
                (ConvLayer conv, _) => ShapeRules.Conv(index, current, conv.Filters, conv.Kernel, conv.Stride, conv.Activation),
                (PoolLayer pool, _) => ShapeRules.Pool(index, current, pool.Window),
                (FlattenLayer, _) => ShapeRules.Flatten(index, current),
                (DenseLayer dense, _) => ShapeRules.Dense(index, current, dense.Units, dense.Activation, isLast),
                _ => throw new NotSupportedException($"Unknown layer kind {layer.GetType().Name}"),
            };
            if (!result.IsOk)
            {
                return new ShapeInference(shapes.ToImmutable(), new ArchitectureError(index, result.ErrorId!, result.Message!));
            }

            current = result.Output;
            shapes.Add(new LayerInfo(index, layer, current, ParameterCount(layer, index == 0 ? current : shapes[index - 1].Output)));
        }

        if (Layers.Length < 2 || Layers[^1] is not DenseLayer)
        {
            return new ShapeInference(shapes.ToImmutable(), new ArchitectureError(Layers.Length - 1, ShapeRules.LastNotSoftmaxDense, ShapeRules.LastLayerMessage(Layers.Length)));
        }

        return new ShapeInference(shapes.ToImmutable(), null);
    }

    /// <summary>Shapes of every layer; throws <see cref="ArchitectureException"/> when the architecture is invalid.</summary>
    public ImmutableArray<LayerInfo> Describe()
    {
        var inference = InferShapes();
        return inference.Error is { } error ? throw new ArchitectureException(error) : inference.Layers;
    }

    private static int ParameterCount(Layer layer, Shape input) => layer switch
    {
        ConvLayer conv => (conv.Kernel * conv.Kernel * input.Channels + 1) * conv.Filters,
        DenseLayer dense => (input.Size + 1) * dense.Units,
        _ => 0,
    };
}

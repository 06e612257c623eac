using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace MnistFunctional.Dsl;

/// <summary>
/// The one walk over a chain of layers, shared word for word by the library and the source generator (which
/// links this file): per layer its name, input and output shapes and tensors (Keras layout and names), or the
/// first shape rule the chain breaks. The summary, the model file, the TorchSharp backend and the generated
/// code all read its answer, so they cannot disagree about a layer.
/// </summary>
public static class ChainInterpreter
{
    /// <summary>Every layer's description, or the first rule the chain breaks (with the layers before it).</summary>
    public static ShapeInference Interpret(IReadOnlyList<Layer> layers)
    {
        var infos = ImmutableArray.CreateBuilder<LayerInfo>(layers.Count);
        var counts = new Dictionary<string, int>();
        var current = default(Shape);
        for (var index = 0; index < layers.Count; index++)
        {
            var layer = layers[index];
            var result = Rule(layer, index, current, isLast: index == layers.Count - 1);
            if (!result.IsOk)
            {
                return new ShapeInference(infos.ToImmutable(), new ArchitectureError(index, result.ErrorId!, result.Message!));
            }

            var name = NameOf(layer, counts);
            var input = index == 0 ? result.Output : current;
            infos.Add(new LayerInfo(index, name, layer, input, result.Output, TensorsOf(name, layer, input)));
            current = result.Output;
        }

        if (layers.Count < 2 || layers[layers.Count - 1] is not DenseLayer)
        {
            var error = new ArchitectureError(layers.Count - 1, ShapeRules.LastNotSoftmaxDense, ShapeRules.LastLayerMessage(layers.Count));
            return new ShapeInference(infos.ToImmutable(), error);
        }

        return new ShapeInference(infos.ToImmutable(), null);
    }

    /// <summary>The layer kind's name as the DSL writes it: <c>ConvLayer</c> → <c>Conv</c>.</summary>
    public static string KindOf(Layer layer) => layer.GetType().Name.Replace("Layer", string.Empty);

    /// <summary>
    /// The tensors a layer has, in the generated records' order and Keras layout: conv kernels (k, k, in, out),
    /// dense kernels (in, units), biases (n); named <c>{Layer}.kernel</c>, <c>{Layer}.bias</c>. A BatchNorm has Keras's four
    /// per channel: gamma, beta (trainable), moving_mean, moving_variance (state, <see cref="TensorSpec.Trainable"/> false).
    /// </summary>
    public static ImmutableArray<TensorSpec> TensorsOf(string name, Layer layer, Shape input) => layer switch
    {
        ConvLayer conv => ImmutableArray.Create(
            new TensorSpec(name + ".kernel", ImmutableArray.Create(conv.Kernel, conv.Kernel, input.Channels, conv.Filters)),
            new TensorSpec(name + ".bias", ImmutableArray.Create(conv.Filters))),
        DenseLayer dense => ImmutableArray.Create(
            new TensorSpec(name + ".kernel", ImmutableArray.Create(input.Size, dense.Units)),
            new TensorSpec(name + ".bias", ImmutableArray.Create(dense.Units))),
        BatchNormLayer => ImmutableArray.Create(
            new TensorSpec(name + ".gamma", ImmutableArray.Create(input.Channels)),
            new TensorSpec(name + ".beta", ImmutableArray.Create(input.Channels)),
            new TensorSpec(name + ".moving_mean", ImmutableArray.Create(input.Channels), Trainable: false),
            new TensorSpec(name + ".moving_variance", ImmutableArray.Create(input.Channels), Trainable: false)),
        _ => ImmutableArray<TensorSpec>.Empty,
    };

    private static RuleResult Rule(Layer layer, int index, Shape input, bool isLast) => (layer, index) switch
    {
        (InputLayer i, _) => ShapeRules.Input(index, i.Height, i.Width, i.Channels),
        (_, 0) => RuleResult.Fail(ShapeRules.InputNotFirst, $"The first layer must be Input(height, width, channels), not {layer.CanonicalText}"),
        (ConvLayer conv, _) => ShapeRules.Conv(index, input, conv.Filters, conv.Kernel, conv.Stride, conv.Activation, conv.Padding),
        (PoolLayer pool, _) => ShapeRules.Pool(index, input, pool.Window, pool.Stride, pool.Padding),
        (AvgPoolLayer pool, _) => ShapeRules.Pool(index, input, pool.Window, pool.Stride, pool.Padding, "AvgPool"),
        (GlobalAvgPoolLayer, _) => ShapeRules.GlobalAvgPool(index, input),
        (DropoutLayer dropout, _) => ShapeRules.Dropout(index, input, dropout.Rate),
        (BatchNormLayer norm, _) => ShapeRules.BatchNorm(index, input, norm.Momentum, norm.Epsilon),
        (FlattenLayer, _) => ShapeRules.Flatten(index, input),
        (DenseLayer dense, _) => ShapeRules.Dense(index, input, dense.Units, dense.Activation, isLast),
        _ => throw new NotSupportedException($"Unknown layer kind {layer.GetType().Name}"),
    };

    /// <summary>The kind and its ordinal among layers of that kind (Conv1, Pool1, Conv2, …); the input is "Input".</summary>
    private static string NameOf(Layer layer, Dictionary<string, int> counts)
    {
        var kind = KindOf(layer);
        if (layer is InputLayer)
        {
            return kind;
        }

        counts[kind] = counts.TryGetValue(kind, out var count) ? count + 1 : 1;
        return kind + counts[kind];
    }
}

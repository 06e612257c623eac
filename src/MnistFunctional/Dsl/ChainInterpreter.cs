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
    /// <summary>
    /// Every layer's description, or the first rule the chain breaks (with the layers before it). A residual's block
    /// and projection are described as layers of the network, in order, followed by the residual's addition (named
    /// Add1, Add2, …); <see cref="LayerInfo.Index"/> and <see cref="ArchitectureError.LayerIndex"/> count in that flat order.
    /// </summary>
    public static ShapeInference Interpret(IReadOnlyList<Layer> layers)
    {
        var walk = new Walk();
        var error = walk.Chain(layers, source: -1, default, topLevel: true);
        if (error is not null)
        {
            return new ShapeInference(walk.Infos.ToImmutable(), error);
        }

        if (layers.Count < 2 || layers[layers.Count - 1] is not DenseLayer)
        {
            error = new ArchitectureError(walk.Infos.Count - 1, ShapeRules.LastNotSoftmaxDense, ShapeRules.LastLayerMessage(walk.Infos.Count));
            return new ShapeInference(walk.Infos.ToImmutable(), error);
        }

        return new ShapeInference(walk.Infos.ToImmutable(), null);
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

    /// <summary>The kind and its ordinal among layers of that kind (Conv1, Pool1, Conv2, …; a residual's addition Add1); the input is "Input".</summary>
    private static string NameOf(Layer layer, Dictionary<string, int> counts)
    {
        var kind = layer is ResidualLayer ? "Add" : KindOf(layer);
        if (layer is InputLayer)
        {
            return kind;
        }

        counts[kind] = counts.TryGetValue(kind, out var count) ? count + 1 : 1;
        return kind + counts[kind];
    }

    /// <summary>The walk's state: the descriptions so far (their count is the next flat index) and the ordinals per kind.</summary>
    private sealed class Walk
    {
        private readonly Dictionary<string, int> counts = new();

        public ImmutableArray<LayerInfo>.Builder Infos { get; } = ImmutableArray.CreateBuilder<LayerInfo>();

        /// <summary>
        /// Describes <paramref name="layers"/>, the first reading layer <paramref name="source"/>'s output of shape
        /// <paramref name="input"/>; null, or the first broken rule.
        /// </summary>
        public ArchitectureError? Chain(IReadOnlyList<Layer> layers, int source, Shape input, bool topLevel)
        {
            for (var position = 0; position < layers.Count; position++)
            {
                var layer = layers[position];
                var error = layer is ResidualLayer residual && Infos.Count > 0
                    ? Residual(residual, source, input)
                    : Single(layer, source, input, isLast: topLevel && position == layers.Count - 1);
                if (error is not null)
                {
                    return error;
                }

                source = Infos.Count - 1;
                input = Infos[source].Output;
            }

            return null;
        }

        private ArchitectureError? Single(Layer layer, int source, Shape input, bool isLast)
        {
            var index = Infos.Count;
            var result = Rule(layer, index, input, isLast);
            if (!result.IsOk)
            {
                return new ArchitectureError(index, result.ErrorId!, result.Message!);
            }

            var name = NameOf(layer, counts);
            var layerInput = index == 0 ? result.Output : input;
            Infos.Add(new LayerInfo(index, name, layer, layerInput, result.Output, TensorsOf(name, layer, layerInput)) { Source = source });
            return null;
        }

        /// <summary>
        /// A residual's block or projection; it may neither begin nor end with Flatten (whose output is its input's storage,
        /// which the residual's other reader or its addition also needs).
        /// </summary>
        private ArchitectureError? Branch(Architecture branch, int source, Shape input)
        {
            var first = Infos.Count;
            var error = Chain(branch.Layers, source, input, topLevel: false);
            var flatten = error is not null ? -1 : Infos[first].Layer is FlattenLayer ? first : Infos[Infos.Count - 1].Layer is FlattenLayer ? Infos.Count - 1 : -1;
            return flatten < 0
                ? error
                : new ArchitectureError(flatten, ShapeRules.UnsupportedExpression, $"Flatten() at layer {flatten + 1} begins or ends a residual's block or projection: flatten before or after the Residual(...) instead");
        }

        /// <summary>The block's layers, the projection's, then the addition of the block's output and the shortcut.</summary>
        private ArchitectureError? Residual(ResidualLayer residual, int source, Shape input)
        {
            var error = residual.Block.Layers.IsDefaultOrEmpty
                ? new ArchitectureError(Infos.Count, ShapeRules.ResidualShapeMismatch, $"Residual(...) at layer {Infos.Count + 1} needs a block of at least one layer")
                : Branch(residual.Block, source, input);
            if (error is not null)
            {
                return error;
            }

            var blockLast = Infos.Count - 1;
            var shortcut = source;
            if (residual.Projection is { } projection && !projection.Layers.IsDefaultOrEmpty)
            {
                error = Branch(projection, source, input);
                if (error is not null)
                {
                    return error;
                }

                shortcut = Infos.Count - 1;
            }

            var index = Infos.Count;
            var result = ShapeRules.Residual(index, Infos[blockLast].Output, Infos[shortcut].Output, shortcut != source, residual.Activation);
            if (!result.IsOk)
            {
                return new ArchitectureError(index, result.ErrorId!, result.Message!);
            }

            var name = NameOf(residual, counts);
            Infos.Add(new LayerInfo(index, name, residual, result.Output, result.Output, ImmutableArray<TensorSpec>.Empty) { Source = blockLast, Shortcut = shortcut });
            return null;
        }
    }
}

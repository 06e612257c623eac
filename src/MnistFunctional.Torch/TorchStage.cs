using System.Collections.Immutable;
using MnistFunctional.Backend;
using MnistFunctional.Dsl;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistFunctional.Torch;

/// <summary>
/// One layer of a <see cref="TorchNetwork"/>: the chain interpreter's description of it, its trainable tensors in
/// torch's layout (in the order of <see cref="LayerInfo.Tensors"/>), and what its forward pass does, through the torch
/// equivalents of our kernels (<see cref="TorchLayers"/>). Owns its tensors: dispose it.
/// </summary>
internal sealed class TorchStage : IDisposable
{
    private readonly nn.Module<Tensor, Tensor>? module;

    private TorchStage(LayerInfo info, nn.Module<Tensor, Tensor>? module, ImmutableArray<Parameter> parameters, ImmutableArray<Tensor> state)
    {
        Info = info;
        this.module = module;
        Parameters = parameters;
        State = state;
    }

    public LayerInfo Info { get; }

    public string Name => Info.Name;

    /// <summary>The trainable tensors, torch layout, in the order of the layer's tensor specs.</summary>
    public ImmutableArray<Parameter> Parameters { get; }

    /// <summary>
    /// The layer's state (a BatchNorm's moving mean and variance, Keras's biased update — not torch's running statistics,
    /// whose variance is unbiased), in the order of its state tensor specs; a training step moves it in place.
    /// </summary>
    public ImmutableArray<Tensor> State { get; }

    /// <summary>Throws when the layer's kind has no torch mapping (before any torch tensor is made).</summary>
    /// <exception cref="NotSupportedException">The layer kind has no torch mapping.</exception>
    public static void RequireSupported(LayerInfo info)
    {
        if (info.Layer is not (ConvLayer or PoolLayer or AvgPoolLayer or GlobalAvgPoolLayer or DropoutLayer or BatchNormLayer or FlattenLayer or DenseLayer or ResidualLayer))
        {
            throw new NotSupportedException($"{info.Name}: the TorchSharp backend has no mapping for {info.Layer.CanonicalText}.");
        }
    }

    /// <summary>A stage for the layer computing in <paramref name="precision"/>, its weights torch's defaults (Conv2d's and Linear's initialisers).</summary>
    public static TorchStage Create(LayerInfo info, ScalarType precision)
    {
        RequireSupported(info);

        nn.Module<Tensor, Tensor>? module = info.Layer switch
        {
            ConvLayer conv => nn.Conv2d(info.Input.Channels, conv.Filters, conv.Kernel, stride: conv.Stride, dtype: precision),
            DenseLayer dense => nn.Linear(info.Input.Size, dense.Units, dtype: precision),
            _ => null,
        };
        ImmutableArray<Parameter> parameters = (module, info.Layer) switch
        {
            (Conv2d conv, _) => [conv.weight!, conv.bias!],
            (Linear linear, _) => [linear.weight!, linear.bias!],
            (_, BatchNormLayer) => [new Parameter(ones(info.Input.Channels, dtype: precision)), new Parameter(zeros(info.Input.Channels, dtype: precision))],
            _ => [],
        };
        ImmutableArray<Tensor> state = info.Layer is BatchNormLayer ? [zeros(info.Input.Channels, dtype: precision), ones(info.Input.Channels, dtype: precision)] : [];
        return new TorchStage(info, module, parameters, state);
    }

    /// <summary>Our Keras-layout values of tensor <paramref name="index"/> in torch's layout.</summary>
    public float[] ToTorch(int index, float[] ours) => (Info.Layer, index) switch
    {
        (ConvLayer conv, 0) => TorchLayout.ConvKernelToTorch(ours, conv.Kernel, Info.Input.Channels, conv.Filters),
        (DenseLayer dense, 0) => TorchLayout.DenseKernelToTorch(ours, Info.Input.Size, dense.Units),
        _ => ours,
    };

    /// <summary>Torch's values of tensor <paramref name="index"/> in our Keras layout.</summary>
    public float[] FromTorch(int index, float[] torch) => (Info.Layer, index) switch
    {
        (ConvLayer conv, 0) => TorchLayout.ConvKernelFromTorch(torch, conv.Kernel, Info.Input.Channels, conv.Filters),
        (DenseLayer dense, 0) => TorchLayout.DenseKernelFromTorch(torch, Info.Input.Size, dense.Units),
        _ => torch,
    };

    /// <summary>
    /// The layer's output for <paramref name="x"/> (NCHW images, (N, features) vectors); the last Dense layer's
    /// softmax is left to the caller, which needs its logits. Dropout draws its mask from the pass's key with this
    /// layer's index, as the generated code does; without a key it is the identity.
    /// </summary>
    public Tensor Forward(Tensor x, TorchPass pass) => Info.Layer switch
    {
        ConvLayer conv => Activate(TorchLayers.Convolve(x, Parameters[0], Parameters[1], ConvGeometry(conv)), conv.Activation, pass),
        PoolLayer pool => TorchLayers.MaxPool(x, PoolGeometry(pool.Window, pool.Stride, pool.Padding)),
        AvgPoolLayer pool => TorchLayers.AvgPool(x, PoolGeometry(pool.Window, pool.Stride, pool.Padding)),
        GlobalAvgPoolLayer => TorchLayers.GlobalAvgPool(x),
        DropoutLayer dropout => pass.Noise is { } key
            ? TorchLayers.Dropout(x, new DropoutGeometry(Info.Input.Size, (float)dropout.Rate), key with { Layer = Info.Index })
            : x,
        BatchNormLayer norm => BatchNorm(x, new BatchNormGeometry(Info.Input.Height * Info.Input.Width, Info.Input.Channels, (float)norm.Momentum, (float)norm.Epsilon), pass),
        // Keras flattens channels-last (H, W, C), torch tensors are (C, H, W): permute first.
        FlattenLayer => x.permute(0, 2, 3, 1).flatten(1),
        DenseLayer { Activation: Activation.Softmax } => module!.call(x),
        DenseLayer dense => Activate(module!.call(x), dense.Activation, pass),
        _ => throw new NotSupportedException($"{Name}: the TorchSharp backend has no mapping for {Info.Layer.CanonicalText}."),
    };

    /// <summary>A residual's addition: the activation of the block's output plus the shortcut (both NCHW images or both vectors).</summary>
    public Tensor Add(Tensor block, Tensor shortcut, TorchPass pass) =>
        Info.Layer is ResidualLayer residual
            ? Activate(block + shortcut, residual.Activation, pass)
            : throw new InvalidOperationException($"{Name} is not a residual's addition.");

    public void Dispose()
    {
        module?.Dispose();
        if (module is null)
        {
            foreach (var parameter in Parameters)
            {
                parameter.Dispose();
            }
        }

        foreach (var tensor in State)
        {
            tensor.Dispose();
        }
    }

    /// <summary>Training: the batch's statistics, and (for a step) the state moved by them in place; inference: the state's.</summary>
    private Tensor BatchNorm(Tensor x, BatchNormGeometry g, TorchPass pass)
    {
        if (!pass.Training)
        {
            return TorchLayers.BatchNormInference(x, Parameters[0], Parameters[1], State[0], State[1], g);
        }

        var y = TorchLayers.BatchNormTraining(x, Parameters[0], Parameters[1], g, out var mean, out var variance);
        if (pass.UpdatesState)
        {
            var (movingMean, movingVariance) = TorchLayers.UpdateMoving(State[0], State[1], mean, variance, g);
            using var noGrad = no_grad();
            State[0].copy_(movingMean);
            State[1].copy_(movingVariance);
        }

        return y;
    }

    private PoolGeometry PoolGeometry(int window, int stride, Padding padding) =>
        new(Info.Input.Height, Info.Input.Width, Info.Input.Channels, window, stride, padding);

    private ConvGeometry ConvGeometry(ConvLayer conv) =>
        new(Info.Input.Height, Info.Input.Width, Info.Input.Channels, conv.Filters, conv.Kernel, conv.Stride, conv.Activation, conv.Padding);

    // A ReLU with pinned sides passes x where they say 1: the same values as relu up to elements within rounding of the kink.
    private Tensor Activate(Tensor x, Activation activation, TorchPass pass) => activation switch
    {
        Activation.Linear => x,
        Activation.ReLU => pass.SidesOf(Info.Index) is { } sides ? x * sides : x.relu(),
        Activation.Tanh => x.tanh(),
        Activation.Sigmoid => x.sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Softmax is applied only by the last Dense layer."),
    };
}

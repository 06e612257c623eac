using MnistFunctional.Dsl;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistFunctional.Torch;

/// <summary>One layer of a <see cref="TorchNetwork"/>: the chain interpreter's description of it and its weights (Conv2d or Linear, else null).</summary>
internal sealed record TorchStage(LayerInfo Info, nn.Module<Tensor, Tensor>? Weights)
{
    public string Name => Info.Name;

    public Layer Layer => Info.Layer;

    public Dsl.Shape Input => Info.Input;

    public Parameter Weight => Weights switch
    {
        Conv2d conv => conv.weight!,
        Linear linear => linear.weight!,
        _ => throw new InvalidOperationException($"{Name} has no weights."),
    };

    public Parameter Bias => Weights switch
    {
        Conv2d conv => conv.bias!,
        Linear linear => linear.bias!,
        _ => throw new InvalidOperationException($"{Name} has no weights."),
    };

    public float[] KernelToTorch(float[] ours) => Layer switch
    {
        ConvLayer conv => TorchLayout.ConvKernelToTorch(ours, conv.Kernel, Input.Channels, conv.Filters),
        DenseLayer dense => TorchLayout.DenseKernelToTorch(ours, Input.Size, dense.Units),
        _ => throw new InvalidOperationException($"{Name} has no weights."),
    };

    public float[] KernelFromTorch(float[] torch) => Layer switch
    {
        ConvLayer conv => TorchLayout.ConvKernelFromTorch(torch, conv.Kernel, Input.Channels, conv.Filters),
        DenseLayer dense => TorchLayout.DenseKernelFromTorch(torch, Input.Size, dense.Units),
        _ => throw new InvalidOperationException($"{Name} has no weights."),
    };
}

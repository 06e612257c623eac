using MnistFunctional.Backend;
using static TorchSharp.torch;

namespace MnistFunctional.Torch;

/// <summary>
/// How a <see cref="TorchNetwork"/> forward pass runs: in inference mode, or in training mode (batch statistics for
/// BatchNorm; dropout masks when <see cref="Noise"/> keys them, as the generated code does), and whether it advances
/// the network's state (BatchNorm's moving statistics: a training step does, a look at the layer outputs does not).
/// </summary>
internal readonly record struct TorchPass(bool Training, DropoutKey? Noise, bool UpdatesState)
{
    /// <summary>
    /// Per layer index, the side of the ReLU kink each element takes (1 passes, 0 blocks; same shape as the layer's
    /// output), in place of the sign of its own input; null (or a null entry): the ReLU decides by itself.
    /// </summary>
    public IReadOnlyList<Tensor?>? ReluSides { get; init; }

    /// <summary>The kink sides pinned for layer <paramref name="index"/>, if any.</summary>
    public Tensor? SidesOf(int index) => ReluSides is { } sides && index < sides.Count ? sides[index] : null;

    public static TorchPass Inference => new(false, null, false);

    /// <summary>A training step: batch statistics, the key's masks, state advanced.</summary>
    public static TorchPass Step(DropoutKey? noise) => new(true, noise, true);

    /// <summary>The layer outputs of a training pass with <paramref name="noise"/>'s masks, or of inference without a key; no state change.</summary>
    public static TorchPass Look(DropoutKey? noise) => noise is null ? Inference : new(true, noise, false);
}

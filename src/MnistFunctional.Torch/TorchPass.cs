using MnistFunctional.Backend;

namespace MnistFunctional.Torch;

/// <summary>
/// How a <see cref="TorchNetwork"/> forward pass runs: in inference mode, or in training mode (batch statistics for
/// BatchNorm; dropout masks when <see cref="Noise"/> keys them, as the generated code does), and whether it advances
/// the network's state (BatchNorm's moving statistics: a training step does, a look at the layer outputs does not).
/// </summary>
internal readonly record struct TorchPass(bool Training, DropoutKey? Noise, bool UpdatesState)
{
    public static TorchPass Inference => new(false, null, false);

    /// <summary>A training step: batch statistics, the key's masks, state advanced.</summary>
    public static TorchPass Step(DropoutKey? noise) => new(true, noise, true);

    /// <summary>The layer outputs of a training pass with <paramref name="noise"/>'s masks, or of inference without a key; no state change.</summary>
    public static TorchPass Look(DropoutKey? noise) => noise is null ? Inference : new(true, noise, false);
}

namespace MnistFunctional.Torch.Native;

/// <summary>TorchSharp's native library could not be loaded; the message says which file and why.</summary>
public sealed class TorchLoadException(string message, Exception? inner = null) : Exception(message, inner);

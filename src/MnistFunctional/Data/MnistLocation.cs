namespace MnistFunctional.Data;

/// <summary>The directory MNIST is read from (and downloaded to when missing), and why it was chosen.</summary>
public sealed record MnistLocation(string Directory, MnistSource Source);

namespace MnistFunctional.Backend;

/// <summary>
/// What one dropout mask is a function of: the training seed, the epoch, the batch within the epoch and the layer's
/// index in the network. Together with an element's index in the batch it decides that element, so a mask is the
/// same on every run, on any number of threads, and after <c>--resume</c>.
/// </summary>
public readonly record struct DropoutKey(int Seed, int Epoch, int Batch, int Layer);

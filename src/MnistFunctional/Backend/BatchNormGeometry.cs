namespace MnistFunctional.Backend;

/// <summary>
/// The compile-time facts of one batch-normalisation layer over the channel axis (Keras BatchNormalization, axis −1):
/// <see cref="Positions"/> pixels of <see cref="Channels"/> values per example (H·W for an image, 1 for a vector).
/// Defaults are Keras's: momentum 0.99, epsilon 0.001.
/// </summary>
public sealed record BatchNormGeometry(int Positions, int Channels, float Momentum = 0.99f, float Epsilon = 0.001f)
{
    /// <summary>Floats per example.</summary>
    public int Size => Positions * Channels;

    /// <summary>Floats of a training pass's batch statistics: the mean of every channel, then its (biased) variance.</summary>
    public int StatisticsLength => 2 * Channels;
}

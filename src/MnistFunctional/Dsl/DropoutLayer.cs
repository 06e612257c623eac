using System.Globalization;

namespace MnistFunctional.Dsl;

/// <summary>
/// Inverted dropout, as Keras's Dropout: in training each value is zeroed with probability <paramref name="Rate"/> and
/// the others scaled by 1 / (1 − rate), from a mask keyed by (seed, epoch, batch, layer); in inference the identity.
/// </summary>
public sealed record DropoutLayer(double Rate) : Layer
{
    public override string CanonicalText => $"Dropout({Rate.ToString("R", CultureInfo.InvariantCulture)})";
}

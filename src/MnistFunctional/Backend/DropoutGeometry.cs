namespace MnistFunctional.Backend;

/// <summary>The compile-time facts of one dropout layer: the floats per example and the fraction dropped, in [0, 1).</summary>
public sealed record DropoutGeometry(int Size, float Rate)
{
    /// <summary>Inverted dropout (Keras/TF): kept values are scaled by 1 / (1 − rate), so inference is the identity.</summary>
    public float Scale => 1f / (1f - Rate);
}

using System.Globalization;

namespace MnistFunctional.Dsl;

/// <summary>
/// Batch normalisation over the channel axis, as Keras's BatchNormalization (axis −1): after a convolution per channel,
/// after a Dense layer per unit. Trainable γ (gamma) and β (beta); the moving mean and variance are the network's
/// <i>state</i>, not parameters: training normalises by the batch's statistics and moves the state by
/// moving·<paramref name="Momentum"/> + batch·(1 − momentum); inference normalises by the state.
/// </summary>
public sealed record BatchNormLayer(double Momentum = 0.99, double Epsilon = 0.001) : Layer
{
    /// <summary><c>BatchNorm()</c> for Keras's defaults; else <c>BatchNorm(0.9,1E-05)</c>.</summary>
    public override string CanonicalText => Momentum == 0.99 && Epsilon == 0.001
        ? "BatchNorm()"
        : $"BatchNorm({Momentum.ToString("R", CultureInfo.InvariantCulture)},{Epsilon.ToString("R", CultureInfo.InvariantCulture)})";
}

using MathNet.Numerics.LinearAlgebra;

namespace MnistFunctional.Tensors;

/// <summary>A batch normalisation's trainable parameters, one per channel: the scale γ (Keras's gamma) and the shift β (beta).</summary>
public sealed record BatchNormParameters(Vector<float> Gamma, Vector<float> Beta)
{
    public int Channels => Gamma.Count;

    /// <summary>Keras's initial values: γ = 1, β = 0.</summary>
    public static BatchNormParameters Initial(int channels) =>
        new(Vector<float>.Build.Dense(channels, 1f), Vector<float>.Build.Dense(channels));
}

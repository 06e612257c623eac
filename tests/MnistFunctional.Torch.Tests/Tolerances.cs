namespace MnistFunctional.Torch.Tests;

/// <summary>
/// How close two float32 backends must agree. Both sum the same products in different orders (our blocked SIMD
/// GEMM against oneDNN/MKL), so each output differs by rounding: about √n · 2⁻²⁴ relative to the terms' scale
/// for a sum of n terms (n ≤ 576 here, ≈ 1.4e-6), with some headroom for activations that amplify it.
/// </summary>
internal static class Tolerances
{
    /// <summary>Layer outputs: max|a−b| / max(1, max|a|). Rounding gives ~1e-6; a layout or flatten-order bug gives ≥ 1e-2.</summary>
    public const float LayerOutput = 1e-5f;

    /// <summary>
    /// Gradients: max|a−b| / max|a| per tensor. A gradient is a further sum over the batch and the layers above,
    /// so the rounding of the forward pass is amplified; 1e-4 still catches any wrong term (≥ 1e-2).
    /// </summary>
    public const float Gradient = 1e-4f;

    /// <summary>
    /// Parameters after one Adam step, absolute. The first step moves each weight by lr · g/(|g| + ε) ≈ ±1e-3, so
    /// a gradient that agrees to 1e-4 relative moves it the same to ~1e-7, plus float32 rounding of weights ≲ 1.
    /// </summary>
    public const float AfterOneStep = 1e-5f;
}

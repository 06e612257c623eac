using MnistFunctional.Tensors;

namespace MnistFunctional.Training;

/// <summary>
/// One Adam step as a pure function: (parameters, gradients, state) → (new parameters, new state); nothing
/// passed in is modified. The step count is incremented before the bias correction, and the update is
/// p ← p − lr · m̂ / (√v̂ + ε) with m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ) — Kingma &amp; Ba's Algorithm 1, which
/// is also torch.optim.Adam's, so the TorchSharp backend can be compared step for step. (Keras adds ε to √v
/// before the bias correction; with ε = 1e-7 the two differ only for gradients near 1e-6.)
/// </summary>
public static class Adam
{
    public static (TParameters Parameters, AdamState State) Step<TParameters, TGradients>(
        AdamOptions options, TParameters parameters, TGradients gradients, AdamState state)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        var p = parameters.Tensors;
        var g = gradients.Tensors;
        if (p.Length != g.Length || p.Length != state.FirstMoments.Length)
        {
            throw new ArgumentException($"Adam needs as many gradients ({g.Length}) and moments ({state.FirstMoments.Length}) as parameters ({p.Length}).");
        }

        var step = state.Step + 1;
        var correction1 = 1.0 - Math.Pow(options.Beta1, step);
        var correction2 = 1.0 - Math.Pow(options.Beta2, step);
        var stepSize = (float)(options.LearningRate / correction1);
        var rootCorrection2 = (float)Math.Sqrt(correction2);

        var newParameters = new float[p.Length][];
        var newFirst = new float[p.Length][];
        var newSecond = new float[p.Length][];
        for (var t = 0; t < p.Length; t++)
        {
            newParameters[t] = new float[p[t].Data.Length];
            newFirst[t] = new float[p[t].Data.Length];
            newSecond[t] = new float[p[t].Data.Length];
            Update(options, stepSize, rootCorrection2, p[t].Data, g[t].Data, state.FirstMoments[t], state.SecondMoments[t], newParameters[t], newFirst[t], newSecond[t]);
        }

        return (TParameters.FromArrays(newParameters), new AdamState(step, [.. newFirst], [.. newSecond]));
    }

    private static void Update(
        AdamOptions o, float stepSize, float rootCorrection2,
        ReadOnlySpan<float> p, ReadOnlySpan<float> g, ReadOnlySpan<float> m, ReadOnlySpan<float> v,
        Span<float> newP, Span<float> newM, Span<float> newV)
    {
        if (g.Length != p.Length)
        {
            throw new ArgumentException($"A gradient has {g.Length} values for a parameter of {p.Length}.");
        }

        float beta1 = o.Beta1, beta2 = o.Beta2, epsilon = o.Epsilon;
        for (var i = 0; i < p.Length; i++)
        {
            var mi = (beta1 * m[i]) + ((1f - beta1) * g[i]);
            var vi = (beta2 * v[i]) + ((1f - beta2) * g[i] * g[i]);
            newM[i] = mi;
            newV[i] = vi;
            newP[i] = p[i] - (stepSize * mi / ((MathF.Sqrt(vi) / rootCorrection2) + epsilon));
        }
    }
}

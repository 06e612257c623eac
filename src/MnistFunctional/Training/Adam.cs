using System.Runtime.Intrinsics;
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
        float[][] Fresh() => [.. parameters.Tensors.Select(tensor => new float[tensor.Data.Length])];
        return StepInto(options, parameters, gradients, state, Fresh(), Fresh(), Fresh());
    }

    /// <summary>
    /// As <see cref="Step"/>, writing the new parameters and moments into the given arrays (none of which may hold an
    /// input) and returning values over them: a training loop can alternate two buffer sets. With a
    /// <paramref name="runner"/>, each tensor's elements are split across its slices (each element's update is the same,
    /// so are the bits): the training loop's other core would otherwise wait for the step.
    /// </summary>
    public static (TParameters Parameters, AdamState State) StepInto<TParameters, TGradients>(
        AdamOptions options, TParameters parameters, TGradients gradients, AdamState state,
        float[][] newParameters, float[][] newFirstMoments, float[][] newSecondMoments, Backend.SliceRunner? runner = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        var p = parameters.Tensors;
        var g = gradients.Tensors;
        if (p.Length != g.Length || p.Length != state.FirstMoments.Length)
        {
            throw new ArgumentException($"Adam needs as many gradients ({g.Length}) and moments ({state.FirstMoments.Length}) as parameters ({p.Length}).");
        }

        float[][] parameterArrays = [.. p.Select(tensor => tensor.Data)];
        float[][] gradientArrays = [.. g.Select(tensor => tensor.Data)];
        if (runner is not null)
        {
            StepInto(options, state.Step, parameterArrays, gradientArrays, [.. state.FirstMoments], [.. state.SecondMoments], newParameters, newFirstMoments, newSecondMoments, runner);
        }
        else
        {
            StepInto(options, state.Step, parameterArrays, gradientArrays, state.FirstMoments.AsSpan(), state.SecondMoments.AsSpan(), newParameters, newFirstMoments, newSecondMoments);
        }

        return (TParameters.FromArrays(newParameters), new AdamState(state.Step + 1, [.. newFirstMoments], [.. newSecondMoments]));
    }

    /// <summary>
    /// Step number <paramref name="previousStep"/> + 1 over tensor arrays, writing the new parameters and moments into the
    /// destination arrays (none of which may be an input array): no allocation, so a training loop can alternate two buffer sets.
    /// </summary>
    public static void StepInto(
        AdamOptions options, long previousStep,
        ReadOnlySpan<float[]> parameters, ReadOnlySpan<float[]> gradients, ReadOnlySpan<float[]> firstMoments, ReadOnlySpan<float[]> secondMoments,
        ReadOnlySpan<float[]> newParameters, ReadOnlySpan<float[]> newFirstMoments, ReadOnlySpan<float[]> newSecondMoments)
    {
        var (stepSize, rootCorrection2) = Corrections(options, previousStep + 1);
        for (var t = 0; t < parameters.Length; t++)
        {
            Update(options, stepSize, rootCorrection2, parameters[t], gradients[t], firstMoments[t], secondMoments[t], newParameters[t], newFirstMoments[t], newSecondMoments[t]);
        }
    }

    /// <summary>
    /// As the overload over spans, each tensor's elements split across <paramref name="runner"/>'s slices: every element's
    /// update is the same operations, so are the bits. (Two small objects per step for the runner's call.)
    /// </summary>
    public static void StepInto(
        AdamOptions options, long previousStep,
        float[][] parameters, float[][] gradients, float[][] firstMoments, float[][] secondMoments,
        float[][] newParameters, float[][] newFirstMoments, float[][] newSecondMoments, Backend.SliceRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (runner.Slices == 1)
        {
            StepInto(options, previousStep, parameters, gradients, firstMoments, secondMoments, newParameters, newFirstMoments, newSecondMoments);
            return;
        }

        // Checked before the split, so a mismatch fails here rather than inside a slice.
        foreach (var (parameter, gradient) in parameters.Zip(gradients))
        {
            RequireGradientFor(parameter, gradient);
        }

        var (stepSize, rootCorrection2) = Corrections(options, previousStep + 1);
        runner.Run(
            new SlicedStep(options, stepSize, rootCorrection2, runner.Slices, [parameters, gradients, firstMoments, secondMoments, newParameters, newFirstMoments, newSecondMoments]),
            static (step, slice) => ((SlicedStep)step).Run(slice));
    }

    private static void RequireGradientFor(ReadOnlySpan<float> parameter, ReadOnlySpan<float> gradient)
    {
        if (gradient.Length != parameter.Length)
        {
            throw new ArgumentException($"A gradient has {gradient.Length} values for a parameter of {parameter.Length}.");
        }
    }

    /// <summary>The bias corrections of step number <paramref name="step"/>: the step size lr / (1 − β1ᵗ) and √(1 − β2ᵗ).</summary>
    private static (float StepSize, float RootCorrection2) Corrections(AdamOptions options, long step) =>
        ((float)(options.LearningRate / (1.0 - Math.Pow(options.Beta1, step))), (float)Math.Sqrt(1.0 - Math.Pow(options.Beta2, step)));

    private static void Update(
        AdamOptions o, float stepSize, float rootCorrection2,
        ReadOnlySpan<float> p, ReadOnlySpan<float> g, ReadOnlySpan<float> m, ReadOnlySpan<float> v,
        Span<float> newP, Span<float> newM, Span<float> newV)
    {
        RequireGradientFor(p, g);
        float beta1 = o.Beta1, beta2 = o.Beta2, epsilon = o.Epsilon;
        var i = 0;
        if (Vector512.IsHardwareAccelerated && newP.Length >= p.Length && newM.Length >= p.Length && newV.Length >= p.Length && m.Length >= p.Length && v.Length >= p.Length)
        {
            // The scalar loop's operations in the same order (no fused multiply-add): bit-identical results.
            var b1 = Vector512.Create(beta1);
            var b2 = Vector512.Create(beta2);
            var c1 = Vector512.Create(1f - beta1);
            var c2 = Vector512.Create(1f - beta2);
            var size = Vector512.Create(stepSize);
            var root = Vector512.Create(rootCorrection2);
            var eps = Vector512.Create(epsilon);
            for (; i <= p.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var gi = Vector512.Create(g.Slice(i, Vector512<float>.Count));
                var mi = (b1 * Vector512.Create(m.Slice(i, Vector512<float>.Count))) + (c1 * gi);
                var vi = (b2 * Vector512.Create(v.Slice(i, Vector512<float>.Count))) + (c2 * gi * gi);
                mi.CopyTo(newM.Slice(i));
                vi.CopyTo(newV.Slice(i));
                (Vector512.Create(p.Slice(i, Vector512<float>.Count)) - (size * mi / ((Vector512.Sqrt(vi) / root) + eps))).CopyTo(newP.Slice(i));
            }
        }

        for (; i < p.Length; i++)
        {
            var mi = (beta1 * m[i]) + ((1f - beta1) * g[i]);
            var vi = (beta2 * v[i]) + ((1f - beta2) * g[i] * g[i]);
            newM[i] = mi;
            newV[i] = vi;
            newP[i] = p[i] - (stepSize * mi / ((MathF.Sqrt(vi) / rootCorrection2) + epsilon));
        }
    }

    /// <summary>One step's arrays (p, g, m, v, new p, new m, new v; one array per tensor each) for a slice runner: slice s updates the s-th part of every tensor.</summary>
    private sealed record SlicedStep(AdamOptions Options, float StepSize, float RootCorrection2, int Slices, float[][][] Arrays)
    {
        public void Run(int slice)
        {
            var a = Arrays;
            for (var t = 0; t < a[0].Length; t++)
            {
                var length = a[0][t].Length;
                var start = (int)((long)slice * length / Slices);
                var count = (int)((long)(slice + 1) * length / Slices) - start;
                Update(Options, StepSize, RootCorrection2, a[0][t].AsSpan(start, count), a[1][t].AsSpan(start, count), a[2][t].AsSpan(start, count), a[3][t].AsSpan(start, count), a[4][t].AsSpan(start, count), a[5][t].AsSpan(start, count), a[6][t].AsSpan(start, count));
            }
        }
    }
}

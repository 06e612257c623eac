using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>
/// Batch normalisation as Keras's BatchNormalization layer computes it (Keras 3,
/// keras/src/layers/normalization/batch_normalization.py, <c>call</c>): in training, each channel is normalised by
/// the batch's mean and biased variance (<c>ops.moments</c> divides by the count, not count − 1) over every
/// example and pixel, y = γ·(x − mean)/√(var + ε) + β, and the moving statistics become
/// moving·momentum + batch·(1 − momentum) with that same biased variance; at inference the moving statistics take
/// the batch's place. (PyTorch differs: its running_var uses the unbiased variance.)
/// The per-channel sums run over the batch's rows (example, pixel) in a fixed order, in blocks of
/// <see cref="Block"/> rows summed on their own first (rounding grows with block + rows / block, not rows), so
/// results are bit-identical from run to run. A training pass sees the whole batch at once: the statistics couple
/// every example. Per-channel temporaries live on the stack up to <see cref="StackChannels"/> channels.
/// </summary>
public static class BatchNormKernels
{
    private const int Block = 64;
    private const int StackChannels = 1024;

    /// <summary>
    /// Training forward with the batch's statistics, which go to <paramref name="statistics"/> (mean, then biased variance;
    /// <see cref="BatchNormGeometry.StatisticsLength"/> floats) for <see cref="Backward"/> and <see cref="UpdateMoving"/>.
    /// </summary>
    public static void TrainingForward(
        BatchNormGeometry g, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> input, int batch,
        Span<float> output, Span<float> statistics)
    {
        var c = g.Channels;
        var rows = batch * g.Positions;
        var x = input[..(rows * c)];
        var mean = statistics[..c];
        var variance = statistics.Slice(c, c);
        Span<float> scratch = c <= StackChannels ? stackalloc float[2 * c] : new float[2 * c];
        var partial = scratch[..c];
        var row = scratch[c..];

        SumRows(x, default, default, mean, partial, row);
        TensorPrimitives.Divide(mean, rows, mean);
        SumRows(x, mean, default, variance, partial, row);
        TensorPrimitives.Divide(variance, rows, variance);

        var scale = partial;
        InverseStd(variance, g.Epsilon, scale);
        TensorPrimitives.Multiply(scale, gamma[..c], scale);
        Normalise(x, mean, scale, beta[..c], output[..(rows * c)]);
    }

    /// <summary>Inference forward: the moving statistics in place of the batch's; every example on its own.</summary>
    public static void InferenceForward(
        BatchNormGeometry g, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> movingMean, ReadOnlySpan<float> movingVariance,
        ReadOnlySpan<float> input, int batch, Span<float> output)
    {
        var c = g.Channels;
        var length = batch * g.Size;
        Span<float> scale = c <= StackChannels ? stackalloc float[c] : new float[c];
        InverseStd(movingVariance[..c], g.Epsilon, scale);
        TensorPrimitives.Multiply(scale, gamma[..c], scale);
        Normalise(input[..length], movingMean[..c], scale, beta[..c], output[..length]);
    }

    /// <summary>
    /// Gradients of γ, β and the input from the output gradient, with the batch statistics of the training forward.
    /// dβ = Σ dy, dγ = Σ dy·x̂, dx = γ/σ · (dy − dβ/m − x̂·dγ/m) for the m rows of the batch, x̂ = (x − mean)/σ.
    /// <paramref name="inputGradient"/> must not be <paramref name="outputGradient"/>; an empty one (no layer below has
    /// parameters) skips dx.
    /// </summary>
    public static void Backward(
        BatchNormGeometry g, ReadOnlySpan<float> gamma, ReadOnlySpan<float> input, ReadOnlySpan<float> statistics, ReadOnlySpan<float> outputGradient, int batch,
        Span<float> gammaGradient, Span<float> betaGradient, Span<float> inputGradient)
    {
        var c = g.Channels;
        var rows = batch * g.Positions;
        var x = input[..(rows * c)];
        var dy = outputGradient[..(rows * c)];
        var mean = statistics[..c];
        var variance = statistics.Slice(c, c);
        var dGamma = gammaGradient[..c];
        var dBeta = betaGradient[..c];
        Span<float> scratch = c <= StackChannels ? stackalloc float[4 * c] : new float[4 * c];
        var partial = scratch[..c];
        var row = scratch.Slice(c, c);
        var inverseStd = scratch.Slice(2 * c, c);
        var coefficient = scratch[(3 * c)..];

        SumRows(dy, default, default, dBeta, partial, row);
        SumRows(x, mean, dy, dGamma, partial, row);
        InverseStd(variance, g.Epsilon, inverseStd);
        TensorPrimitives.Multiply(dGamma, inverseStd, dGamma); // Σ dy·(x − mean) / σ
        if (inputGradient.IsEmpty)
        {
            return;
        }

        var dx = inputGradient[..(rows * c)];

        // dx = (γ/σ)·(dy − dβ/m − (x − mean)·dγ/(σ·m)), row after row with per-channel coefficients.
        var shift = partial;
        TensorPrimitives.Divide(dBeta, rows, shift);
        TensorPrimitives.Multiply(dGamma, inverseStd, coefficient);
        TensorPrimitives.Divide(coefficient, rows, coefficient);
        var gain = row;
        TensorPrimitives.Multiply(gamma[..c], inverseStd, gain);
        if (Vectorised(c))
        {
            InputGradientVectorised(x, dy, mean, coefficient, shift, gain, dx);
            return;
        }

        for (var offset = 0; offset < dx.Length; offset += c)
        {
            var target = dx.Slice(offset, c);
            TensorPrimitives.Subtract(x.Slice(offset, c), mean, target);
            TensorPrimitives.Multiply(target, coefficient, target);
            TensorPrimitives.Subtract(dy.Slice(offset, c), target, target);
            TensorPrimitives.Subtract(target, shift, target);
            TensorPrimitives.Multiply(target, gain, target);
        }
    }

    /// <summary>
    /// The moving statistics after one training batch, a pure function of the old ones and the batch's:
    /// new = moving·momentum + batch·(1 − momentum). The targets may be the sources (in place).
    /// </summary>
    public static void UpdateMoving(
        BatchNormGeometry g, ReadOnlySpan<float> movingMean, ReadOnlySpan<float> movingVariance, ReadOnlySpan<float> statistics,
        Span<float> newMean, Span<float> newVariance)
    {
        var c = g.Channels;
        var keep = g.Momentum;
        var take = 1f - g.Momentum;
        for (var i = 0; i < c; i++)
        {
            newMean[i] = (movingMean[i] * keep) + (statistics[i] * take);
            newVariance[i] = (movingVariance[i] * keep) + (statistics[c + i] * take);
        }
    }

    // total = Σ over rows of: the row (no mean), (row − mean)² (a mean, no weights) or (row − mean)·weights, block by block.
    private static void SumRows(ReadOnlySpan<float> values, ReadOnlySpan<float> mean, ReadOnlySpan<float> weights, Span<float> total, Span<float> partial, Span<float> row)
    {
        var c = total.Length;
        if (Vectorised(c))
        {
            SumRowsVectorised(values, mean, weights, total);
            return;
        }

        total.Clear();
        var blockLength = Block * c;
        for (var start = 0; start < values.Length; start += blockLength)
        {
            partial.Clear();
            var end = Math.Min(values.Length, start + blockLength);
            for (var offset = start; offset < end; offset += c)
            {
                var source = values.Slice(offset, c);
                if (mean.IsEmpty)
                {
                    TensorPrimitives.Add(partial, source, partial);
                    continue;
                }

                TensorPrimitives.Subtract(source, mean, row);
                TensorPrimitives.MultiplyAdd(row, weights.IsEmpty ? row : weights.Slice(offset, c), partial, partial);
            }

            TensorPrimitives.Add(total, partial, total);
        }
    }

    // 1 / √(variance + ε) per channel.
    private static void InverseStd(ReadOnlySpan<float> variance, float epsilon, Span<float> result)
    {
        TensorPrimitives.Add(variance, epsilon, result);
        TensorPrimitives.Sqrt(result, result);
        TensorPrimitives.Reciprocal(result, result);
    }

    // y = (x − mean)·scale + β for every row.
    private static void Normalise(ReadOnlySpan<float> x, ReadOnlySpan<float> mean, ReadOnlySpan<float> scale, ReadOnlySpan<float> beta, Span<float> y)
    {
        var c = mean.Length;
        if (Vectorised(c))
        {
            NormaliseVectorised(x, mean, scale, beta, y);
            return;
        }

        for (var offset = 0; offset < x.Length; offset += c)
        {
            var target = y.Slice(offset, c);
            TensorPrimitives.Subtract(x.Slice(offset, c), mean, target);
            TensorPrimitives.MultiplyAdd(target, scale, beta, target);
        }
    }

    // Whole 512-bit channel vectors (the usual 16·n channels): the per-row work in registers, without a library call
    // per row and channel run (rows of 32 channels made those calls most of the time). The same block summation order.
    private static bool Vectorised(int channels) => Vector512.IsHardwareAccelerated && channels % Vector512<float>.Count == 0;

    // Block by block (a block's rows stay in L1 for the passes over its channel vectors), each partial in a register.
    private static void SumRowsVectorised(ReadOnlySpan<float> values, ReadOnlySpan<float> mean, ReadOnlySpan<float> weights, Span<float> total)
    {
        var c = total.Length;
        var blockLength = Block * c;
        total.Clear();
        for (var start = 0; start < values.Length; start += blockLength)
        {
            var end = Math.Min(values.Length, start + blockLength);
            for (var k = 0; k < c; k += Vector512<float>.Count)
            {
                var m = mean.IsEmpty ? default : Vector512.Create(mean[k..]);
                var partial = Vector512<float>.Zero;
                for (var offset = start + k; offset < end; offset += c)
                {
                    var v = Vector512.Create(values[offset..]);
                    if (mean.IsEmpty)
                    {
                        partial += v;
                        continue;
                    }

                    var d = v - m;
                    partial = Vector512.MultiplyAddEstimate(d, weights.IsEmpty ? d : Vector512.Create(weights[offset..]), partial);
                }

                (Vector512.Create(total[k..]) + partial).CopyTo(total[k..]);
            }
        }
    }

    private static void NormaliseVectorised(ReadOnlySpan<float> x, ReadOnlySpan<float> mean, ReadOnlySpan<float> scale, ReadOnlySpan<float> beta, Span<float> y)
    {
        var c = mean.Length;
        for (var row = 0; row < x.Length; row += c)
        {
            for (var k = 0; k < c; k += Vector512<float>.Count)
            {
                var centred = Vector512.Create(x[(row + k)..]) - Vector512.Create(mean[k..]);
                Vector512.MultiplyAddEstimate(centred, Vector512.Create(scale[k..]), Vector512.Create(beta[k..])).CopyTo(y[(row + k)..]);
            }
        }
    }

    private static void InputGradientVectorised(
        ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> mean, ReadOnlySpan<float> coefficient, ReadOnlySpan<float> shift, ReadOnlySpan<float> gain, Span<float> dx)
    {
        var c = mean.Length;
        for (var row = 0; row < x.Length; row += c)
        {
            for (var k = 0; k < c; k += Vector512<float>.Count)
            {
                var centred = (Vector512.Create(x[(row + k)..]) - Vector512.Create(mean[k..])) * Vector512.Create(coefficient[k..]);
                var gradient = (Vector512.Create(dy[(row + k)..]) - centred - Vector512.Create(shift[k..])) * Vector512.Create(gain[k..]);
                gradient.CopyTo(dx[(row + k)..]);
            }
        }
    }
}

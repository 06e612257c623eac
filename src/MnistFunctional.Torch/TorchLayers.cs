using MnistFunctional.Backend;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistFunctional.Torch;

/// <summary>
/// The torch equivalent of each layer kind's MathNet kernel, as functions over torch tensors in torch's layout
/// (images NCHW, vectors (N, features)) with Keras semantics, described by the same geometry records the kernels
/// take. Padding follows TensorFlow: "same" puts the odd padding row/column after the input (bottom/right), which
/// torch's symmetric padding cannot express, so it is an explicit <c>pad</c> before a valid operation. torch's
/// autograd differentiates every function here; it is the independent check of the hand-written backward passes.
/// </summary>
public static class TorchLayers
{
    /// <summary>Convolution before the activation: weight OIHW, bias (filters).</summary>
    public static Tensor Convolve(Tensor x, Tensor weight, Tensor bias, ConvGeometry g) =>
        nn.functional.conv2d(Pad(x, g.InHeight, g.OutHeight, g.InWidth, g.OutWidth, g.Kernel, g.Stride, 0), weight, bias, strides: [g.Stride, g.Stride]);

    /// <summary>Max pooling; a window past the edge sees only its inputs (the padding is −∞).</summary>
    public static Tensor MaxPool(Tensor x, PoolGeometry g) =>
        nn.functional.max_pool2d(Pad(x, g, double.NegativeInfinity), [g.Window, g.Window], [g.Stride, g.Stride]);

    /// <summary>
    /// Average pooling that divides by the number of window elements inside the input (TensorFlow; torch's
    /// count_include_pad=False, here for asymmetric padding too): the zero-padded window sums over those counts.
    /// </summary>
    public static Tensor AvgPool(Tensor x, PoolGeometry g)
    {
        var sums = nn.functional.avg_pool2d(Pad(x, g, 0), [g.Window, g.Window], [g.Stride, g.Stride], divisor_override: 1);
        var counts = new float[g.OutPositions];
        Span<int> offsets = stackalloc int[g.Window * g.Window];
        for (var p = 0; p < counts.Length; p++)
        {
            counts[p] = g.WindowOffsets(p, offsets);
        }

        return sums / tensor(counts, [1, 1, g.OutHeight, g.OutWidth]);
    }

    /// <summary>Global average pooling: (N, C, H, W) → (N, C).</summary>
    public static Tensor GlobalAvgPool(Tensor x) => nn.functional.adaptive_avg_pool2d(x, [1, 1]).flatten(1);

    /// <summary>
    /// Training-mode dropout with our mask (<see cref="DropoutMask"/>) for examples [firstExample, + N): the same
    /// elements dropped and the same 1 / (1 − rate) scale. Our mask counts elements channels-last, so for an image
    /// it is laid out (N, H, W, C) and permuted to torch's NCHW.
    /// </summary>
    public static Tensor Dropout(Tensor x, DropoutGeometry g, DropoutKey key, int firstExample = 0)
    {
        var batch = (int)x.shape[0];
        var factors = new float[g.Size * batch];
        DropoutMask.Fill(g, key, firstExample, batch, factors);
        var mask = x.dim() == 4
            ? tensor(factors, [batch, x.shape[2], x.shape[3], x.shape[1]]).permute(0, 3, 1, 2)
            : tensor(factors, x.shape);
        return x * mask;
    }

    /// <summary>
    /// Training-mode batch normalisation with the batch's statistics; <paramref name="mean"/> and
    /// <paramref name="variance"/> get the batch mean and the biased variance (Keras's, detached) for
    /// <see cref="UpdateMoving"/>. torch's own running statistics are not used: its running_var takes the
    /// unbiased variance, Keras's moving_variance the biased one.
    /// </summary>
    public static Tensor BatchNormTraining(Tensor x, Tensor gamma, Tensor beta, BatchNormGeometry g, out Tensor mean, out Tensor variance)
    {
        long[] dimensions = x.dim() == 4 ? [0, 2, 3] : [0];
        using (no_grad())
        {
            mean = x.mean(dimensions);
            variance = x.var(dimensions, unbiased: false);
        }

        return nn.functional.batch_norm(x, null, null, gamma, beta, training: true, eps: g.Epsilon);
    }

    /// <summary>Inference-mode batch normalisation with the moving statistics.</summary>
    public static Tensor BatchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor movingMean, Tensor movingVariance, BatchNormGeometry g) =>
        nn.functional.batch_norm(x, movingMean, movingVariance, gamma, beta, training: false, eps: g.Epsilon);

    /// <summary>Keras's update: moving·momentum + batch·(1 − momentum), as new tensors.</summary>
    public static (Tensor Mean, Tensor Variance) UpdateMoving(Tensor movingMean, Tensor movingVariance, Tensor mean, Tensor variance, BatchNormGeometry g)
    {
        using var noGrad = no_grad();
        var take = 1f - g.Momentum;
        return ((movingMean * g.Momentum) + (mean * take), (movingVariance * g.Momentum) + (variance * take));
    }

    private static Tensor Pad(Tensor x, PoolGeometry g, double value) =>
        Pad(x, g.InHeight, g.OutHeight, g.InWidth, g.OutWidth, g.Window, g.Stride, value);

    // TensorFlow's padding of both axes: the total max((out − 1)·stride + k − in, 0), half (rounded down) before.
    // Rows and columns a valid window would never reach are cropped away by the pooling/convolution itself.
    private static Tensor Pad(Tensor x, int inHeight, int outHeight, int inWidth, int outWidth, int kernel, int stride, double value)
    {
        var rows = ConvGeometry.PaddingTotal(inHeight, outHeight, kernel, stride);
        var columns = ConvGeometry.PaddingTotal(inWidth, outWidth, kernel, stride);
        if (rows == 0 && columns == 0)
        {
            return x;
        }

        return nn.functional.pad(x, [columns / 2, columns - (columns / 2), rows / 2, rows - (rows / 2)], PaddingModes.Constant, value);
    }
}

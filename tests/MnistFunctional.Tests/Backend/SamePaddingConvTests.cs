using MnistFunctional.Backend;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// Convolution with Keras/TF same padding (output ⌈in/stride⌉, the odd padding row/column at the bottom/right)
/// through im2col, against a plain loop over the zero-padded input, forward and backward, and against finite
/// differences; and the padding arithmetic itself against TensorFlow's rule.
/// </summary>
public class SamePaddingConvTests
{
    [Theory]
    [InlineData(7, 5, 3, 4, 3, 1, 3, Activation.Tanh)] // odd sides, 1 row/column of padding each side
    [InlineData(7, 6, 2, 5, 3, 2, 2, Activation.Linear)] // stride 2: pad 2 rows (1 + 1), 1 column (0 + 1)
    [InlineData(6, 6, 2, 3, 2, 2, 3, Activation.Sigmoid)] // even kernel, stride 2: no padding at all
    [InlineData(5, 7, 3, 4, 4, 1, 2, Activation.Tanh)] // even kernel: pad 3 = 1 before + 2 after
    [InlineData(9, 8, 1, 16, 5, 3, 2, Activation.ReLU)] // one channel, 16 filters: must not take the direct kernel
    [InlineData(4, 4, 16, 16, 3, 1, 5, Activation.ReLU)] // Winograd-sized channels: must not take Winograd
    [InlineData(8, 7, 3, 4, 1, 2, 2, Activation.Linear)] // 1×1 stride 2 (a residual projection): no padding, ⌈in/2⌉
    public void Forward_and_backward_match_a_plain_padded_loop(int height, int width, int channels, int filters, int kernel, int stride, int batch, Activation activation)
    {
        var g = new ConvGeometry(height, width, channels, filters, kernel, stride, activation, Padding.Same);
        Assert.Equal(((height + stride - 1) / stride, (width + stride - 1) / stride), (g.OutHeight, g.OutWidth));
        var parameters = TestData.ConvParameters(g, 1);
        var input = TestData.Uniform(g.InSize, batch, 3).Map(v => v - 0.5f).AsColumnMajorArray();
        var upstream = TestData.Uniform(g.OutSize, batch, 4).Map(v => v - 0.5f).AsColumnMajorArray();

        var (output, kernelGradient, biasGradient, inputGradient) = Run(g, parameters, input, upstream, batch);

        var (expectedOutput, expectedKernel, expectedBias, expectedInput) = Reference(g, parameters, input, upstream, batch);
        AssertClose(expectedOutput, output);
        AssertClose(expectedKernel, kernelGradient);
        AssertClose(expectedBias, biasGradient);
        AssertClose(expectedInput, inputGradient);
    }

    [Theory]
    [InlineData(5, 4, 2, 3, 3, 2)]
    [InlineData(6, 5, 2, 2, 4, 1)]
    public void Backward_matches_finite_differences(int height, int width, int channels, int filters, int kernel, int stride)
    {
        const int batch = 2;
        var g = new ConvGeometry(height, width, channels, filters, kernel, stride, Activation.Tanh, Padding.Same);
        var parameters = TestData.ConvParameters(g, 5);
        var input = TestData.Uniform(g.InSize, batch, 6).Map(v => v - 0.5f).AsColumnMajorArray();
        var weights = TestData.Uniform(g.OutSize, batch, 7).Map(v => v - 0.5f).AsColumnMajorArray();

        var (_, kernelGradient, biasGradient, inputGradient) = Run(g, parameters, input, weights, batch);

        var kernelValues = Storage.Of(parameters.Kernel);
        var biasValues = Storage.Of(parameters.Bias);
        KernelFiniteDifferences.AssertMatches("input", input, inputGradient, x => Loss(kernelValues, biasValues, x));
        KernelFiniteDifferences.AssertMatches("kernel", kernelValues, kernelGradient, k => Loss(k, biasValues, input));
        KernelFiniteDifferences.AssertMatches("bias", biasValues, biasGradient, b => Loss(kernelValues, b, input));

        double Loss(float[] kernelArray, float[] biasArray, float[] x)
        {
            var p = new ConvParameters(Storage.Matrix(filters, g.PatchSize, kernelArray), Storage.Vector(biasArray));
            var output = new float[g.OutSize * batch];
            ConvKernels.Forward(g, p, x, batch, new float[g.PatchSize * g.Positions * batch], output, parallel: false);
            return KernelFiniteDifferences.Dot(weights, output);
        }
    }

    [Theory]
    [InlineData(28, 3, 1, 28, 1)] // pad 2: 1 + 1
    [InlineData(28, 2, 2, 14, 0)] // pad 0
    [InlineData(7, 2, 2, 4, 0)] // pad 1: 0 + 1 (TF puts the odd row after)
    [InlineData(7, 3, 2, 4, 1)] // pad 2: 1 + 1
    [InlineData(5, 4, 1, 5, 1)] // pad 3: 1 + 2
    [InlineData(1, 5, 1, 1, 2)] // the window is larger than the input
    public void Padding_follows_tensorflow(int input, int kernel, int stride, int output, int before)
    {
        var g = new ConvGeometry(input, input, 1, 1, kernel, stride, Activation.Linear, Padding.Same);
        Assert.Equal((output, output, before, before), (g.OutHeight, g.OutWidth, g.PadTop, g.PadLeft));
    }

    [Fact]
    public void Valid_padding_is_unchanged_and_not_padded()
    {
        var g = new ConvGeometry(13, 13, 32, 64, 3, 1, Activation.ReLU);
        Assert.Equal((11, 11, 0, 0, false), (g.OutHeight, g.OutWidth, g.PadTop, g.PadLeft, g.IsPadded));
        Assert.False(new ConvGeometry(8, 8, 1, 4, 1, 1, Activation.ReLU, Padding.Same).IsPadded); // 1×1 kernels never pad
    }

    private static (float[] Output, float[] Kernel, float[] Bias, float[] Input) Run(ConvGeometry g, ConvParameters parameters, float[] input, float[] upstream, int batch)
    {
        var columns = new float[g.PatchSize * g.Positions * batch];
        var output = new float[g.OutSize * batch];
        var gradient = (float[])upstream.Clone();
        var (kernelGradient, biasGradient) = (new float[g.Filters * g.PatchSize], new float[g.Filters]);
        var inputGradient = Enumerable.Repeat(float.NaN, g.InSize * batch).ToArray();
        ConvKernels.Forward(g, parameters, input, batch, columns, output, parallel: false);
        ConvKernels.Backward(g, parameters, input, output, gradient, batch, columns, kernelGradient, biasGradient, inputGradient, parallel: false);
        return (output, kernelGradient, biasGradient, inputGradient);
    }

    // y[b, oy, ox, f] = f(bias + Σ x[b, oy·s + dy − top, ox·s + dx − left, c] · W[dy, dx, c, f]), zero outside the input.
    private static (float[] Output, float[] Kernel, float[] Bias, float[] Input) Reference(ConvGeometry g, ConvParameters parameters, float[] x, float[] dy, int batch)
    {
        var w = Storage.Of(parameters.Kernel);
        var bias = Storage.Of(parameters.Bias);
        var (k, c, f) = (g.Kernel, g.InChannels, g.Filters);
        var y = new float[g.OutSize * batch];
        var (dw, db, dx) = (new float[w.Length], new float[f], new float[x.Length]);
        for (var b = 0; b < batch; b++)
        {
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    for (var filter = 0; filter < f; filter++)
                    {
                        double sum = bias[filter];
                        foreach (var (input, weight) in Taps(oy, ox, b, filter))
                        {
                            sum += (double)x[input] * w[weight];
                        }

                        var at = (b * g.OutSize) + (((oy * g.OutWidth) + ox) * f) + filter;
                        y[at] = Activate((float)sum);
                        var dz = dy[at] * Derivative(y[at]);
                        db[filter] += dz;
                        foreach (var (input, weight) in Taps(oy, ox, b, filter))
                        {
                            dw[weight] += dz * x[input];
                            dx[input] += dz * w[weight];
                        }
                    }
                }
            }
        }

        return (y, dw, db, dx);

        IEnumerable<(int Input, int Weight)> Taps(int oy, int ox, int b, int filter)
        {
            for (var ky = 0; ky < k; ky++)
            {
                for (var kx = 0; kx < k; kx++)
                {
                    var (row, column) = ((oy * g.Stride) + ky - g.PadTop, (ox * g.Stride) + kx - g.PadLeft);
                    if (row < 0 || row >= g.InHeight || column < 0 || column >= g.InWidth)
                    {
                        continue;
                    }

                    for (var channel = 0; channel < c; channel++)
                    {
                        yield return ((b * g.InSize) + (((row * g.InWidth) + column) * c) + channel, ((((ky * k) + kx) * c) + channel) * f + filter);
                    }
                }
            }
        }

        float Activate(float z) => g.Activation switch
        {
            Activation.ReLU => MathF.Max(z, 0f),
            Activation.Tanh => MathF.Tanh(z),
            Activation.Sigmoid => 1f / (1f + MathF.Exp(-z)),
            _ => z,
        };

        float Derivative(float output) => g.Activation switch
        {
            Activation.ReLU => output > 0f ? 1f : 0f,
            Activation.Tanh => 1f - (output * output),
            Activation.Sigmoid => output * (1f - output),
            _ => 1f,
        };
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(1f, expected.Max(MathF.Abs));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-5f * scale, $"[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}

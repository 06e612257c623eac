using MnistFunctional.Backend;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;
using MnistFunctional.Tests;
using MnistFunctional.Torch.Native;
using static TorchSharp.torch;
using Storage = MnistFunctional.Backend.Storage;

namespace MnistFunctional.Torch.Tests;

/// <summary>
/// Each new layer kind's MathNet kernel against its torch equivalent (<see cref="TorchLayers"/>) on odd sizes, from the
/// same inputs and weights: the forward output (scaled difference ≤ <see cref="Tolerances.LayerOutput"/>) and, for a
/// loss Σ r·y with random r, torch's autograd gradients against the hand-written backward (relative difference ≤
/// <see cref="Tolerances.Gradient"/>). Inputs are handed over channels-last and permuted to NCHW inside the graph, so
/// torch's input gradient comes back in our layout.
/// </summary>
public class LayerKindAgreementTests
{
    public LayerKindAgreementTests() => TorchSharpLoader.EnsureLoaded();

    [Theory]
    [InlineData(7, 6, 3, 5, 3, 1)] // pad 1 + 1 both ways
    [InlineData(7, 6, 2, 4, 3, 2)] // rows 1 + 1, columns 0 + 1: asymmetric
    [InlineData(9, 8, 3, 4, 2, 2)] // even kernel, stride 2: rows 0 + 1, columns none
    [InlineData(5, 7, 2, 3, 4, 1)] // even kernel: 1 + 2 both ways
    public void Same_padding_convolution_agrees(int height, int width, int channels, int filters, int kernel, int stride)
    {
        const int batch = 3;
        var g = new ConvGeometry(height, width, channels, filters, kernel, stride, Activation.Linear, Padding.Same);
        var parameters = new ConvParameters(
            TestData.Uniform(filters, g.PatchSize, 1).Map(v => v - 0.5f),
            MathNet.Numerics.LinearAlgebra.Vector<float>.Build.DenseOfArray(TestData.Uniform(filters, 1, 2).Map(v => v - 0.5f).AsColumnMajorArray()));
        var input = Values(g.InSize * batch, 3);
        var r = Values(g.OutSize * batch, 4);
        var output = new float[g.OutSize * batch];
        var columns = new float[g.PatchSize * g.Positions * batch];
        var (dKernel, dBias, dInput) = (new float[filters * g.PatchSize], new float[filters], new float[input.Length]);
        ConvKernels.Forward(g, parameters, input, batch, columns, output, parallel: false);
        ConvKernels.Backward(g, parameters, input, output, (float[])r.Clone(), batch, columns, dKernel, dBias, dInput, parallel: false);

        using var scope = NewDisposeScope();
        var x = Leaf(input, batch, height, width, channels);
        var weight = tensor(TorchLayout.ConvKernelToTorch(Storage.Of(parameters.Kernel), kernel, channels, filters), [filters, channels, kernel, kernel]).requires_grad_();
        var bias = tensor(Storage.Of(parameters.Bias), [filters]).requires_grad_();
        var y = TorchLayers.Convolve(Nchw(x), weight, bias, g);

        AssertOutput(output, y, (batch, g.OutHeight, g.OutWidth, filters));
        Backward(y, r);
        AssertGradient("input", dInput, x.grad!);
        AssertGradient("kernel", dKernel, TorchLayout.ConvKernelFromTorch(weight.grad!.contiguous().data<float>().ToArray(), kernel, channels, filters));
        AssertGradient("bias", dBias, bias.grad!);
    }

    public static TheoryData<int, int, int, int, int, Padding, bool> Pools => new()
    {
        { 7, 9, 3, 2, 2, Padding.Same, true }, // odd sides: the last window holds one row
        { 7, 7, 4, 3, 2, Padding.Valid, true }, // overlapping windows
        { 8, 5, 5, 3, 2, Padding.Same, true }, // overlapping, columns padded 1 + 1
        { 5, 6, 2, 2, 1, Padding.Same, true }, // stride 1, pad 0 + 1
        { 6, 7, 3, 2, 2, Padding.Valid, true }, // the plain pool (floor drops a column)
        { 7, 9, 3, 2, 2, Padding.Same, false },
        { 7, 7, 4, 3, 2, Padding.Valid, false },
        { 8, 5, 5, 3, 2, Padding.Same, false },
        { 5, 6, 2, 2, 1, Padding.Same, false },
        { 6, 7, 3, 2, 2, Padding.Valid, false },
    };

    [Theory]
    [MemberData(nameof(Pools))]
    public void Max_and_average_pool_agree(int height, int width, int channels, int window, int stride, Padding padding, bool max)
    {
        const int batch = 3;
        var g = new PoolGeometry(height, width, channels, window, stride, padding);
        var input = Values(g.InSize * batch, 5); // continuous values: no ties, one maximum per window
        var r = Values(g.OutSize * batch, 6);
        var output = new float[g.OutSize * batch];
        var dInput = new float[input.Length];
        if (max)
        {
            PoolKernels.Forward(g, input, batch, output);
            PoolKernels.Backward(g, input, output, r, batch, dInput);
        }
        else
        {
            AvgPoolKernels.Forward(g, input, batch, output);
            AvgPoolKernels.Backward(g, r, batch, dInput);
        }

        using var scope = NewDisposeScope();
        var x = Leaf(input, batch, height, width, channels);
        var y = max ? TorchLayers.MaxPool(Nchw(x), g) : TorchLayers.AvgPool(Nchw(x), g);

        AssertOutput(output, y, (batch, g.OutHeight, g.OutWidth, channels));
        Backward(y, r);
        AssertGradient("input", dInput, x.grad!);
    }

    [Fact]
    public void Symmetric_same_average_pool_is_torchs_count_include_pad_false()
    {
        var g = new PoolGeometry(7, 7, 2, 3, 2, Padding.Same); // pad 1 + 1: torch's own padding can express it
        using var scope = NewDisposeScope();
        var x = Nchw(Leaf(Values(g.InSize * 2, 9), 2, 7, 7, 2));

        var ours = TorchLayers.AvgPool(x, g);
        var torchOwn = nn.functional.avg_pool2d(x, [3, 3], [2, 2], [1, 1], count_include_pad: false);

        Assert.InRange(Differences.MaxAbsDiff(Flat(torchOwn), Flat(ours)), 0f, 1e-6f);
    }

    [Theory]
    [InlineData(5, 3, 4)]
    [InlineData(1, 1, 16)]
    [InlineData(4, 7, 3)]
    public void Global_average_pool_agrees(int height, int width, int channels)
    {
        const int batch = 3;
        var g = new GlobalPoolGeometry(height, width, channels);
        var input = Values(g.InSize * batch, 10);
        var r = Values(g.OutSize * batch, 11);
        var output = new float[g.OutSize * batch];
        var dInput = new float[input.Length];
        GlobalAvgPoolKernels.Forward(g, input, batch, output);
        GlobalAvgPoolKernels.Backward(g, r, batch, dInput);

        using var scope = NewDisposeScope();
        var x = Leaf(input, batch, height, width, channels);
        var y = TorchLayers.GlobalAvgPool(Nchw(x));

        AssertOutput(output, y, (batch, 1, 1, channels));
        Backward(y, r);
        AssertGradient("input", dInput, x.grad!);
    }

    [Theory]
    [InlineData(4, 5, 3, 0.5f)] // an image: torch's NCHW mask must be our channels-last mask permuted
    [InlineData(1, 1, 37, 0.2f)] // a vector
    public void Dropout_with_the_same_masks_agrees(int height, int width, int channels, float rate)
    {
        const int batch = 4;
        var g = new DropoutGeometry(height * width * channels, rate);
        var key = new DropoutKey(Seed: 42, Epoch: 2, Batch: 9, Layer: 3);
        var input = Values(g.Size * batch, 12);
        var r = Values(g.Size * batch, 13);
        var output = new float[input.Length];
        var dInput = new float[input.Length];
        DropoutKernels.Forward(g, key, 0, input, batch, output);
        DropoutKernels.Backward(g, key, 0, r, batch, dInput);

        using var scope = NewDisposeScope();
        var x = Leaf(input, batch, height, width, channels);
        var image = height * width > 1;
        var y = TorchLayers.Dropout(image ? Nchw(x) : x.reshape(batch, channels), g, key);

        Assert.Contains(output, value => value == 0f);
        AssertOutput(output, y, (batch, height, width, channels));
        Backward(y, r);
        AssertGradient("input", dInput, x.grad!);
    }

    [Theory]
    [InlineData(5, 3, 4, 7)] // images: statistics over examples and pixels
    [InlineData(1, 1, 10, 9)] // vectors
    [InlineData(13, 11, 17, 3)] // 429 rows: several summation blocks
    [InlineData(6, 5, 32, 4)] // 32 channels: the vectorised path
    public void Batch_norm_agrees_in_training_and_inference(int height, int width, int channels, int batch)
    {
        var g = new BatchNormGeometry(height * width, channels);
        var gamma = TestData.Uniform(channels, 1, 14).Map(v => 0.5f + v).AsColumnMajorArray();
        var beta = Values(channels, 15);
        var input = Values(g.Size * batch, 16).Select((v, i) => (v * (1 + (i % channels))) + (i % channels) - 2).ToArray();
        var r = Values(g.Size * batch, 17);
        var output = new float[input.Length];
        var statistics = new float[g.StatisticsLength];
        var (dGamma, dBeta, dInput) = (new float[channels], new float[channels], new float[input.Length]);
        BatchNormKernels.TrainingForward(g, gamma, beta, input, batch, output, statistics);
        BatchNormKernels.Backward(g, gamma, input, statistics, r, batch, dGamma, dBeta, dInput);
        var (movingMean, movingVariance) = (Values(channels, 18), TestData.Uniform(channels, 1, 19).Map(v => v + 0.5f).AsColumnMajorArray());
        var (newMean, newVariance) = (new float[channels], new float[channels]);
        BatchNormKernels.UpdateMoving(g, movingMean, movingVariance, statistics, newMean, newVariance);
        var inference = new float[input.Length];
        BatchNormKernels.InferenceForward(g, gamma, beta, newMean, newVariance, input, batch, inference);

        using var scope = NewDisposeScope();
        var x = Leaf(input, batch, height, width, channels);
        var image = height * width > 1;
        var torchInput = image ? Nchw(x) : x.reshape(batch, channels);
        var torchGamma = tensor(gamma).requires_grad_();
        var torchBeta = tensor(beta).requires_grad_();
        var y = TorchLayers.BatchNormTraining(torchInput, torchGamma, torchBeta, g, out var mean, out var variance);
        var (torchMean, torchVariance) = TorchLayers.UpdateMoving(tensor(movingMean), tensor(movingVariance), mean, variance, g);

        AssertOutput(output, y, (batch, height, width, channels));
        AssertGradient("moving mean", newMean, torchMean);
        AssertGradient("moving variance", newVariance, torchVariance);
        Backward(y, r);
        AssertGradient("input", dInput, x.grad!);
        AssertGradient("gamma", dGamma, torchGamma.grad!);
        AssertGradient("beta", dBeta, torchBeta.grad!);
        using (no_grad())
        {
            AssertOutput(inference, TorchLayers.BatchNormInference(torchInput, torchGamma, torchBeta, torchMean, torchVariance, g), (batch, height, width, channels));
        }
    }

    [Fact]
    public void Residual_add_gradient_fans_out_to_both_branches()
    {
        const int batch = 2;
        var g = new ConvGeometry(6, 5, 3, 3, 3, 1, Activation.Linear, Padding.Same); // block output shape = input shape
        var parameters = new ConvParameters(
            TestData.Uniform(3, g.PatchSize, 20).Map(v => v - 0.5f),
            MathNet.Numerics.LinearAlgebra.Vector<float>.Build.DenseOfArray(new float[3]));
        var input = Values(g.InSize * batch, 21);
        var r = Values(g.OutSize * batch, 22);
        var block = new float[g.OutSize * batch];
        var columns = new float[g.PatchSize * g.Positions * batch];
        ConvKernels.Forward(g, parameters, input, batch, columns, block, parallel: false);
        var output = new float[block.Length];
        System.Numerics.Tensors.TensorPrimitives.Add(block, input, output);
        var throughBlock = new float[input.Length];
        ConvKernels.Backward(g, parameters, input, block, (float[])r.Clone(), batch, columns, new float[3 * g.PatchSize], new float[3], throughBlock, parallel: false);
        var dInput = new float[input.Length];
        System.Numerics.Tensors.TensorPrimitives.Add(throughBlock, r, dInput); // the shortcut's gradient is r itself

        using var scope = NewDisposeScope();
        var x = Leaf(input, batch, 6, 5, 3);
        var weight = tensor(TorchLayout.ConvKernelToTorch(Storage.Of(parameters.Kernel), 3, 3, 3), [3, 3, 3, 3]);
        var nchw = Nchw(x);
        var y = TorchLayers.Convolve(nchw, weight, zeros(3), g) + nchw;

        AssertOutput(output, y, (batch, 6, 5, 3));
        Backward(y, r);
        AssertGradient("input", dInput, x.grad!);
    }

    private static float[] Values(int length, int seed) => TestData.Uniform(length, 1, seed).Map(v => v - 0.5f).AsColumnMajorArray();

    // Our channels-last values as a leaf that collects torch's gradient in the same layout.
    private static Tensor Leaf(float[] values, int batch, int height, int width, int channels) =>
        tensor(values, [batch, height, width, channels]).requires_grad_();

    private static Tensor Nchw(Tensor nhwc) => nhwc.permute(0, 3, 1, 2);

    private static float[] Flat(Tensor t) => (t.dim() == 4 ? t.permute(0, 2, 3, 1) : t).contiguous().data<float>().ToArray();

    // Σ r·y with r in our layout.
    private static void Backward(Tensor y, float[] r)
    {
        var weights = tensor(r, y.dim() == 4 ? [y.shape[0], y.shape[2], y.shape[3], y.shape[1]] : y.shape);
        var channelsLast = y.dim() == 4 ? y.permute(0, 2, 3, 1) : y;
        (channelsLast * weights).sum().backward();
    }

    private static void AssertOutput(float[] ours, Tensor theirs, (int Batch, int Height, int Width, int Channels) shape)
    {
        var expected = theirs.dim() == 4
            ? new long[] { shape.Batch, shape.Channels, shape.Height, shape.Width }
            : [shape.Batch, shape.Height * shape.Width * shape.Channels];
        Assert.Equal(expected, theirs.shape);
        var difference = Differences.Scaled(ours, Flat(theirs.detach()));
        Assert.True(difference <= Tolerances.LayerOutput, $"output: scaled difference {difference:E2}");
    }

    private static void AssertGradient(string name, float[] ours, Tensor theirs) =>
        AssertGradient(name, ours, theirs.detach().contiguous().data<float>().ToArray());

    private static void AssertGradient(string name, float[] ours, float[] theirs)
    {
        Assert.Contains(ours, value => value != 0f);
        var difference = Differences.Relative(ours, theirs);
        Assert.True(difference <= Tolerances.Gradient, $"{name}: relative difference {difference:E2}");
    }
}

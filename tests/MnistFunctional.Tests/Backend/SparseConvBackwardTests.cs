using MnistFunctional.Backend;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// The convolution backward that skips a routed gradient's zeros against the dense path (im2col and two products in
/// cache-sized pieces): the same kernel, bias and input gradients bit for bit, on the seed model's conv2, odd sizes,
/// a stride of 2, several weight-gradient sum blocks and a short last one, gradients as a max pooling leaves them and
/// fully dense.
/// </summary>
public class SparseConvBackwardTests
{
    [Theory]
    [InlineData(13, 13, 32, 64, 3, 1, 16, true)] // conv2 of the seed model, one slice of batch 32
    [InlineData(13, 13, 32, 64, 3, 1, 3, false)] // conv2, a dense gradient
    [InlineData(9, 7, 16, 48, 3, 1, 5, true)] // odd sides, 48 filters, 175 columns: one short block
    [InlineData(11, 8, 16, 16, 5, 2, 37, true)] // 5×5 windows (80-float patch rows), stride 2
    [InlineData(5, 5, 64, 64, 3, 1, 40, false)] // conv3's shape, 360 columns: a block and a part (two passes of 18 vectors)
    [InlineData(14, 11, 32, 40, 3, 2, 7, true)] // 18-vector patches, stride 2, 40 filters (a ragged group of 16)
    public void Gives_the_dense_products_bit_for_bit(int height, int width, int channels, int filters, int kernel, int stride, int batch, bool routed)
    {
        var g = new ConvGeometry(height, width, channels, filters, kernel, stride, Activation.ReLU);
        Assert.True(SparseConvBackward.Applies(g));
        var (parameters, input, gradient) = (Parameters(g), Input(g, batch), Gradient(g, batch, routed));

        var columns = new float[Math.Max(g.PatchSize * g.Positions * batch, SparseConvBackward.ScratchLength(g))];
        var dense = Run(g, parameters, input, (float[])gradient.Clone(), batch, columns, sparse: false);
        var sparse = Run(g, parameters, input, (float[])gradient.Clone(), batch, columns, sparse: true);

        Assert.Equal(Bits(dense.Kernel), Bits(sparse.Kernel));
        Assert.Equal(Bits(dense.Bias), Bits(sparse.Bias));
        Assert.Equal(Bits(dense.Input), Bits(sparse.Input));
    }

    [Fact]
    public void Gives_the_kernel_gradient_alone_when_no_input_gradient_is_asked_for()
    {
        var g = new ConvGeometry(13, 13, 32, 64, 3, 1, Activation.ReLU);
        const int batch = 5;
        var (parameters, input, gradient) = (Parameters(g), Input(g, batch), Gradient(g, batch, routed: true));

        var columns = new float[g.PatchSize * g.Positions * batch];
        var dense = Run(g, parameters, input, (float[])gradient.Clone(), batch, columns, sparse: false);
        var (kernel, bias) = (new float[g.Filters * g.PatchSize], new float[g.Filters]);
        ConvKernels.Backward(g, parameters, input, new float[g.OutSize * batch], (float[])gradient.Clone(), batch, columns, kernel, bias, [], parallel: false, activationApplied: true, kernel: ConvKernel.RoutedGradient);

        Assert.Equal(Bits(dense.Kernel), Bits(kernel));
        Assert.Equal(Bits(dense.Bias), Bits(bias));
    }

    [Theory]
    [InlineData(false)] // scratch without room for a copy: the input is read where it is
    [InlineData(true)] // room for a copy: an input off a cache line's boundary is copied to one first
    public void Gives_the_same_bits_wherever_its_buffers_start(bool roomForCopy)
    {
        var g = new ConvGeometry(13, 13, 32, 64, 3, 1, Activation.ReLU);
        const int batch = 4;
        var (kernel, input, gradient) = (Storage.Of(Parameters(g).Kernel), Input(g, batch), Gradient(g, batch, routed: true));

        var scratchLength = roomForCopy ? SparseConvBackward.ScratchLength(g, batch) : SparseConvBackward.ScratchLength(g);

        // The input and then the scratch in one buffer: both start at the same place relative to a cache line (the
        // input is whole cache lines long).
        TestData.SameAtEveryStart(input.Length + scratchLength, buffer =>
        {
            var inputAt = buffer[..input.Length];
            var scratch = buffer[input.Length..];
            input.CopyTo(inputAt);
            var (kernelGradient, inputGradient) = (new float[g.Filters * g.PatchSize], new float[g.InSize * batch]);

            SparseConvBackward.Backward(g, kernel, inputAt, gradient, batch, scratch, kernelGradient, inputGradient);

            Assert.Equal(input, inputAt.ToArray()); // a copy, if any, is the kernel's own
            return [.. kernelGradient, .. inputGradient];
        });
    }

    [Fact]
    public void Falls_back_to_the_dense_path_where_it_does_not_apply()
    {
        var g = new ConvGeometry(6, 6, 3, 8, 3, 1, Activation.ReLU); // 9-float patch rows
        Assert.False(SparseConvBackward.Applies(g));
        var parameters = new ConvParameters(TestData.Uniform(8, g.PatchSize, 1), TestData.Uniform(8, 1, 2).Column(0));
        var input = TestData.Uniform(g.InSize, 2, 3).AsColumnMajorArray();
        var gradient = TestData.Uniform(g.OutSize, 2, 4).AsColumnMajorArray();
        var columns = new float[g.PatchSize * g.Positions * 2];

        var dense = Run(g, parameters, input, (float[])gradient.Clone(), 2, columns, sparse: false);
        var asked = Run(g, parameters, input, (float[])gradient.Clone(), 2, columns, sparse: true);

        Assert.Equal(dense.Kernel, asked.Kernel);
        Assert.Equal(dense.Input, asked.Input);
    }

    private static ConvParameters Parameters(ConvGeometry g) =>
        new(TestData.Uniform(g.Filters, g.PatchSize, 1).Map(v => v - 0.5f), TestData.Uniform(g.Filters, 1, 2).Column(0));

    private static float[] Input(ConvGeometry g, int batch) => TestData.Uniform(g.InSize, batch, 3).AsColumnMajorArray();

    private static float[] Gradient(ConvGeometry g, int batch, bool routed)
    {
        var gradient = TestData.Uniform(g.OutSize, batch, 4).Map(v => v - 0.5f).AsColumnMajorArray();
        if (routed)
        {
            // As a 2×2 max pooling over ReLU leaves it: at most one value per window and filter, the rest zeros.
            var random = new Random(5);
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] = random.Next(5) == 0 ? gradient[i] : 0f;
            }
        }

        return gradient;
    }

    private static (float[] Kernel, float[] Bias, float[] Input) Run(ConvGeometry g, ConvParameters parameters, float[] input, float[] gradient, int batch, float[] columns, bool sparse)
    {
        var (kernel, bias, inputGradient) = (new float[g.Filters * g.PatchSize], new float[g.Filters], new float[g.InSize * batch]);
        ConvKernels.Backward(g, parameters, input, new float[g.OutSize * batch], gradient, batch, columns, kernel, bias, inputGradient, parallel: false, activationApplied: true, kernel: sparse ? ConvKernel.RoutedGradient : ConvKernel.Im2Col);
        return (kernel, bias, inputGradient);
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}

using MnistFunctional.Backend;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// The convolution's cache-sized pieces (forward in image chunks, backward in whole GEMM sum blocks) against
/// im2col of the whole batch and one matrix product per gradient: the same numbers bit for bit.
/// </summary>
public class ConvKernelsTests
{
    [Theory]
    [InlineData(13, 13, 32, 64, 3, 1, 9)] // conv2 of the seed model: several pieces, the last one short
    [InlineData(7, 6, 3, 5, 3, 2, 40)] // odd sizes, stride 2: one piece
    [InlineData(5, 5, 64, 64, 3, 1, 40)] // conv3: pieces of one sum block (256 columns) and a part
    public void Pieces_give_the_whole_batch_products_bit_for_bit(int height, int width, int channels, int filters, int kernel, int stride, int batch)
    {
        var g = new ConvGeometry(height, width, channels, filters, kernel, stride, Activation.ReLU);
        var parameters = new ConvParameters(TestData.Uniform(filters, g.PatchSize, 1).Map(v => v - 0.5f), TestData.Uniform(filters, 1, 2).Column(0));
        var input = TestData.Uniform(g.InSize, batch, 3).AsColumnMajorArray();
        var upstream = TestData.Uniform(g.OutSize, batch, 4).Map(v => v - 0.5f).AsColumnMajorArray();
        var columnCount = g.Positions * batch;
        var columns = new float[g.PatchSize * columnCount];
        var (kernelGradient, biasGradient, inputGradient) = (new float[filters * g.PatchSize], new float[filters], new float[g.InSize * batch]);
        var output = new float[g.OutSize * batch];
        var gradient = (float[])upstream.Clone();

        ConvKernels.Forward(g, parameters, input, batch, columns, output, parallel: false);
        ConvKernels.Backward(g, parameters, input, output, gradient, batch, columns, kernelGradient, biasGradient, inputGradient, parallel: false);

        var weights = Storage.Of(parameters.Kernel);
        var expectedOutput = new float[g.OutSize * batch];
        Im2Col.Expand(g, input, batch, columns);
        Gemm.Multiply(false, false, filters, columnCount, g.PatchSize, weights, filters, columns, g.PatchSize, expectedOutput, filters, parallel: false);
        BiasActivation.Apply(expectedOutput, Storage.Of(parameters.Bias), Activation.ReLU);
        Assert.Equal(expectedOutput, output);

        var preActivation = new float[upstream.Length];
        ActivationFunctions.Backward(Activation.ReLU, expectedOutput, upstream, preActivation);
        var expectedKernelGradient = new float[filters * g.PatchSize];
        Gemm.Multiply(false, true, filters, g.PatchSize, columnCount, preActivation, filters, columns, g.PatchSize, expectedKernelGradient, filters, parallel: false);
        Gemm.Multiply(true, false, g.PatchSize, columnCount, filters, weights, filters, preActivation, filters, columns, g.PatchSize, parallel: false);
        var expectedInputGradient = new float[g.InSize * batch];
        Im2Col.Collapse(g, columns, batch, expectedInputGradient);
        Assert.Equal(expectedKernelGradient, kernelGradient);
        Assert.Equal(expectedInputGradient, inputGradient);
    }

    /// <summary>
    /// The forward, whose product reads the patches in place (over the whole batch on one thread where that sums in
    /// the same k blocks), against im2col and one product per chunk of images as it ran before: bit for bit.
    /// </summary>
    [Theory]
    [InlineData(13, 13, 32, 64, 3, 1, 16)] // conv2, one slice of batch 32: one product instead of six chunks
    [InlineData(5, 5, 64, 64, 3, 1, 27)] // conv3: a last chunk of two images sums in one long k block, so chunks stay
    [InlineData(5, 5, 64, 64, 3, 1, 1)] // conv3, one image: A read in place, one long k block
    [InlineData(9, 8, 16, 40, 3, 2, 11)] // odd sides, stride 2, 40 filters
    public void Forward_gives_the_chunked_im2col_products_bit_for_bit(int height, int width, int channels, int filters, int kernel, int stride, int batch)
    {
        var g = new ConvGeometry(height, width, channels, filters, kernel, stride, Activation.ReLU);
        var parameters = new ConvParameters(TestData.Uniform(filters, g.PatchSize, 1).Map(v => v - 0.5f), TestData.Uniform(filters, 1, 2).Column(0));
        var input = TestData.Uniform(g.InSize, batch, 3).Map(v => v - 0.5f).AsColumnMajorArray();
        var columns = new float[g.PatchSize * g.Positions * batch];
        var (output, expected) = (new float[g.OutSize * batch], new float[g.OutSize * batch]);

        ConvKernels.Forward(g, parameters, input, batch, columns, output, parallel: false);

        var chunk = Math.Max(1, 512 * 1024 / (g.PatchSize * g.Positions * sizeof(float)));
        for (var first = 0; first < batch; first += chunk)
        {
            var images = Math.Min(chunk, batch - first);
            var part = expected.AsSpan(first * g.OutSize, images * g.OutSize);
            Im2Col.Expand(g, input.AsSpan(first * g.InSize, images * g.InSize), images, columns);
            Gemm.Multiply(false, false, filters, g.Positions * images, g.PatchSize, Storage.Of(parameters.Kernel), filters, columns, g.PatchSize, part, filters, parallel: false);
            BiasActivation.Apply(part, Storage.Of(parameters.Bias), Activation.ReLU);
        }

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), output.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void A_column_range_across_images_is_that_part_of_the_whole_matrix()
    {
        var g = new ConvGeometry(6, 5, 2, 4, 3, 1, Activation.ReLU);
        const int batch = 3;
        var input = TestData.Uniform(g.InSize, batch, 5).AsColumnMajorArray();
        var whole = new float[g.PatchSize * g.Positions * batch];
        Im2Col.Expand(g, input, batch, whole);
        var (first, count) = (g.Positions - 2, g.Positions + 3); // ends of image 0, all of image 1, start of image 2
        var part = new float[g.PatchSize * count];

        Im2Col.ExpandRange(g, input, first, count, part);

        Assert.Equal(whole.AsSpan(first * g.PatchSize, count * g.PatchSize).ToArray(), part);
        var folded = new float[g.InSize * batch];
        var expected = new float[g.InSize * batch];
        Im2Col.CollapseRange(g, part, first, count, folded);
        var onlyRange = new float[whole.Length];
        part.CopyTo(onlyRange, first * g.PatchSize);
        Im2Col.Collapse(g, onlyRange, batch, expected);
        Assert.Equal(expected, folded);
    }
}

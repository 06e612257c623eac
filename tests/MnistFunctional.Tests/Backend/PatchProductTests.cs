using MnistFunctional.Backend;
using MnistFunctional.Dsl;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// The product that reads an unpadded convolution's patches where the input holds them, against im2col's copy of the
/// same columns and the plain product: bit for bit, on the seed model's conv2 and conv3, odd sizes, strides of 2 and 3,
/// column ranges that start and end inside an image, k blocks that end inside a kernel row, ragged row and column
/// panels, A read in place (long k blocks) and packed, and accumulation.
/// </summary>
public class PatchProductTests
{
    [Theory]
    [InlineData(13, 13, 32, 64, 3, 1, 0, 363, false)] // conv2, one forward chunk of three images
    [InlineData(13, 13, 32, 64, 3, 1, 100, 250, true)] // conv2 across an image boundary, accumulated
    [InlineData(5, 5, 64, 64, 3, 1, 0, 225, false)] // conv3, a forward chunk of 25 images
    [InlineData(5, 5, 64, 64, 3, 1, 4, 21, false)] // conv3, three column panels: A read in place, one long k block
    [InlineData(9, 7, 3, 20, 3, 1, 5, 61, false)] // 27-value patches, 20 filters: ragged row panel, ragged column panel
    [InlineData(11, 10, 16, 48, 5, 2, 3, 37, true)] // 5×5 windows, stride 2, 400-value patches (two k blocks)
    [InlineData(12, 12, 40, 33, 4, 3, 2, 29, false)] // 4×4 windows, stride 3, 640-value patches in 160-value runs
    public void Gives_the_im2col_product_bit_for_bit(int height, int width, int channels, int filters, int kernel, int stride, int first, int count, bool accumulate)
    {
        var g = new ConvGeometry(height, width, channels, filters, kernel, stride, Activation.ReLU);
        Assert.True(Gemm.ReadsPatches(g)); // both CPUs of this machine kind have AVX-512
        var batch = ((first + count - 1) / g.Positions) + 1;
        var input = TestData.Uniform(g.InSize, batch, 1).Map(v => v - 0.5f).AsColumnMajorArray();
        var weights = TestData.Uniform(filters, g.PatchSize, 2).Map(v => v - 0.5f).AsColumnMajorArray();
        var start = TestData.Uniform(filters, count, 3).AsColumnMajorArray();
        var columns = new float[g.PatchSize * count];
        var (expected, actual) = ((float[])start.Clone(), (float[])start.Clone());

        Im2Col.ExpandRange(g, input, first, count, columns);
        Gemm.Multiply(false, false, filters, count, g.PatchSize, weights, filters, columns, g.PatchSize, expected, filters, accumulate, parallel: false);
        Gemm.MultiplyPatches(filters, count, g.PatchSize, weights, filters, input, new PatchColumns(g), first, actual, filters, accumulate, parallel: false);

        Assert.Equal(Bits(expected), Bits(actual));
    }

    [Fact]
    public void Refuses_a_padded_convolution()
    {
        var g = new ConvGeometry(6, 6, 2, 4, 3, 1, Activation.ReLU, Padding.Same);
        Assert.False(Gemm.ReadsPatches(g));
        Assert.Throws<ArgumentException>(() => new PatchColumns(g));
    }

    [Fact]
    public void Refuses_columns_past_the_input()
    {
        var g = new ConvGeometry(7, 7, 16, 32, 3, 1, Activation.ReLU);
        Assert.True(Gemm.ReadsPatches(g)); // both CPUs of this machine kind have AVX-512
        var (input, weights, output) = (new float[g.InSize * 2], new float[32 * g.PatchSize], new float[32 * 30]);
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyPatches(32, 30, g.PatchSize, weights, 32, input, new PatchColumns(g), 2 * g.Positions - 29, output, 32, parallel: false));
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}

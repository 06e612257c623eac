using MnistFunctional.Backend;

namespace MnistFunctional.Tests.Backend;

/// <summary>The Winograd kernels' products against MathNet's Multiply, on odd sizes.</summary>
public class WinogradProductTests
{
    [Theory]
    [InlineData(64, 13, 32)] // two 64 × 6 tiles and a last column
    [InlineData(128, 6, 7)] // two row blocks, an odd depth
    [InlineData(64, 5, 64)] // columns only
    [InlineData(48, 9, 5)] // rows not a multiple of 64: the general product
    public void Matches_MathNet(int rows, int columns, int depth)
    {
        var a = TestData.Uniform(rows, depth, 1);
        var b = TestData.Uniform(depth, columns, 2);
        var c = new float[rows * columns];

        WinogradProduct.Multiply(rows, columns, depth, a.AsColumnMajorArray(), b.AsColumnMajorArray(), c, parallel: false);

        var expected = (a * b).AsColumnMajorArray();
        Assert.All(c.Zip(expected), pair => Assert.Equal(pair.Second, pair.First, 1e-4f));
    }
}

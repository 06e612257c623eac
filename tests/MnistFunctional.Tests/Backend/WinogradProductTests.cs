using MnistFunctional.Backend;

namespace MnistFunctional.Tests.Backend;

/// <summary>The Winograd kernels' products against MathNet's Multiply, on odd sizes.</summary>
public class WinogradProductTests
{
    [Theory]
    [InlineData(64, 13, 32)] // two 64 × 6 tiles and a last column
    [InlineData(128, 6, 7)] // two row blocks, an odd depth
    [InlineData(64, 5, 64)] // no whole tile: two pairs of columns and a last column
    [InlineData(128, 8, 64)] // a tile and a pair (Predict's conv3 on 8 images), two row blocks
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

    [Fact]
    public void Sums_each_column_as_alone()
    {
        // Tiles, pairs and lone columns run the same chain per element: a column's values do not depend on its neighbours.
        const int Rows = 64, Columns = 9, Depth = 37;
        var a = TestData.Uniform(Rows, Depth, 3).AsColumnMajorArray();
        var b = TestData.Uniform(Depth, Columns, 4).AsColumnMajorArray();
        var together = new float[Rows * Columns];
        WinogradProduct.Multiply(Rows, Columns, Depth, a, b, together, parallel: false);

        for (var j = 0; j < Columns; j++)
        {
            var alone = new float[Rows];
            WinogradProduct.Multiply(Rows, 1, Depth, a, b.AsSpan(j * Depth, Depth), alone, parallel: false);
            Assert.Equal(alone, together.AsSpan(j * Rows, Rows).ToArray());
        }
    }
}

using MnistFunctional.Backend;

namespace MnistFunctional.Tests.Backend;

/// <summary>The bias gradient (sum over columns) against a plain loop that adds the columns in order.</summary>
public class BiasTests
{
    [Theory]
    [InlineData(16, 1)]
    [InlineData(32, 677)]
    [InlineData(64, 121)]
    [InlineData(80, 9)] // more rows than one register block, with a part block
    [InlineData(160, 5)]
    [InlineData(10, 7)] // not whole vectors: the scalar path
    public void Sums_every_column_in_column_order_bit_for_bit(int rows, int columns)
    {
        var values = TestData.Uniform(rows, columns, 7).Map(v => v - 0.5f).AsColumnMajorArray();
        var expected = new float[rows];
        for (var column = 0; column < columns; column++)
        {
            for (var row = 0; row < rows; row++)
            {
                expected[row] += values[(column * rows) + row];
            }
        }

        var sum = Enumerable.Repeat(float.NaN, rows + 3).ToArray();
        Bias.SumColumns(values, rows, sum);

        Assert.Equal(expected, sum[..rows]);
        Assert.All(sum[rows..], value => Assert.True(float.IsNaN(value)));
    }
}

using MnistFunctional.Backend;

namespace MnistFunctional.Tests.Backend;

/// <summary>The register-block transpose against the plain index formula: whole blocks, ragged edges, tiny matrices.</summary>
public class BlockTransposeTests
{
    [Theory]
    [InlineData(16, 16)]
    [InlineData(64, 288)] // conv2's weights
    [InlineData(288, 64)] // conv2's weight-gradient sums
    [InlineData(37, 50)] // ragged on both sides
    [InlineData(5, 3)] // no whole block
    public unsafe void Gives_every_value_at_its_transposed_place(int rows, int columns)
    {
        var source = TestData.Uniform(rows, columns, 1).AsColumnMajorArray();
        var target = new float[rows * columns];
        fixed (float* s = source, t = target)
        {
            BlockTranspose.Matrix(s, rows, columns, t);
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                Assert.Equal(source[(c * rows) + r], target[(r * columns) + c]);
            }
        }
    }
}

using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Backend;

namespace MnistFunctional.Tests.Backend;

/// <summary>The SIMD product against MathNet's own Multiply, on odd sizes and every transpose.</summary>
public class GemmTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 3)]
    [InlineData(33, 17, 9)]
    [InlineData(64, 300, 288)]
    [InlineData(10, 37, 600)]
    [InlineData(65, 529, 13)]
    [InlineData(32, 9, 5000)] // A read in place (lda = 32), long k blocks: conv1's weight gradient
    [InlineData(64, 20, 600)] // A read in place: few column panels
    [InlineData(32, 300, 17)]
    public void Matches_MathNet_for_every_transpose(int m, int n, int k)
    {
        foreach (var (transposeA, transposeB) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var a = transposeA ? TestData.Uniform(k, m, 1) : TestData.Uniform(m, k, 1);
            var b = transposeB ? TestData.Uniform(n, k, 2) : TestData.Uniform(k, n, 2);
            var expected = (transposeA ? a.Transpose() : a) * (transposeB ? b.Transpose() : b);

            var c = new float[m * n];
            Gemm.Multiply(transposeA, transposeB, m, n, k, Storage.Of(a), a.RowCount, Storage.Of(b), b.RowCount, c, m);

            // Float32 sums of k products in [0,1]: rounding grows like k·2⁻²⁴ relative to the sum.
            var actual = Matrix<float>.Build.Dense(m, n, c);
            var error = (actual - expected).Enumerate().Max(Math.Abs);
            Assert.True(error <= 1e-6f * k * Math.Max(1f, expected.Enumerate().Max()), $"({transposeA},{transposeB}) max error {error}");
        }
    }

    [Fact]
    public void Accumulate_adds_to_the_existing_values()
    {
        var a = TestData.Uniform(5, 4, 3);
        var b = TestData.Uniform(4, 6, 4);
        var c = Enumerable.Repeat(1f, 30).ToArray();

        Gemm.Multiply(false, false, 5, 6, 4, Storage.Of(a), 5, Storage.Of(b), 4, c, 5, accumulate: true);

        var expected = (a * b) + 1f;
        Assert.True((Matrix<float>.Build.Dense(5, 6, c) - expected).Enumerate().Max(Math.Abs) < 1e-5f);
    }

    [Fact]
    public void Results_are_bit_identical_across_runs()
    {
        var a = TestData.Uniform(64, 576, 5);
        var b = TestData.Uniform(576, 2000, 6);
        var first = new float[64 * 2000];
        var second = new float[64 * 2000];

        Gemm.Multiply(false, false, 64, 2000, 576, Storage.Of(a), 64, Storage.Of(b), 576, first, 64);
        Gemm.Multiply(false, false, 64, 2000, 576, Storage.Of(a), 64, Storage.Of(b), 576, second, 64);

        Assert.Equal(first, second);
    }

    /// <summary>
    /// The contract that keeps training bit-identical whatever micro-tile runs, and that <see cref="SparseConvBackward"/>
    /// reproduces: every element of C is a fused multiply-add chain over each block of <see cref="Gemm.SumBlock"/>
    /// terms of k, in order from zero, the block sums added to C one after another. Checked bit for bit against that
    /// scalar order on the seed model's shapes (A in place and packed, B in place and its packed edges) and odd ones.
    /// </summary>
    [Theory]
    [InlineData(false, false, 64, 1936, 288)] // conv2 forward, 16 images
    [InlineData(false, true, 64, 288, 1936)] // conv2 weight gradient
    [InlineData(true, false, 288, 1936, 64)] // conv2 column gradient
    [InlineData(false, false, 64, 144, 576)] // conv3 forward
    [InlineData(false, true, 64, 576, 144)] // conv3 weight gradient
    [InlineData(true, false, 576, 144, 64)] // conv3 column gradient
    [InlineData(false, false, 64, 16, 576)] // dense1 forward
    [InlineData(false, true, 64, 577, 301)]
    [InlineData(true, true, 128, 35, 259)]
    [InlineData(false, false, 96, 13, 700)]
    [InlineData(false, false, 32, 9, 5000)]
    public void Sums_each_element_in_k_blocks_in_order(bool transposeA, bool transposeB, int m, int n, int k)
    {
        var a = TestData.Uniform(transposeA ? k : m, transposeA ? m : k, 7);
        var b = TestData.Uniform(transposeB ? n : k, transposeB ? k : n, 8);
        var (lda, ldb) = (a.RowCount, b.RowCount);
        var c = new float[m * n];
        Gemm.Multiply(transposeA, transposeB, m, n, k, Storage.Of(a), lda, Storage.Of(b), ldb, c, m, parallel: false);

        var block = Gemm.SumBlock(transposeA, m, n, lda);
        var (av, bv) = (Storage.Of(a), Storage.Of(b));
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < m; i++)
            {
                var expected = 0f;
                for (var start = 0; start < k; start += block)
                {
                    var sum = 0f;
                    for (var p = start; p < Math.Min(k, start + block); p++)
                    {
                        var x = transposeA ? av[(i * lda) + p] : av[(p * lda) + i];
                        var y = transposeB ? bv[(p * ldb) + j] : bv[(j * ldb) + p];
                        sum = MathF.FusedMultiplyAdd(x, y, sum);
                    }

                    expected = start == 0 ? sum : expected + sum;
                }

                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(c[(j * m) + i]), $"C[{i},{j}] = {c[(j * m) + i]:R}, the ordered sum is {expected:R}");
            }
        }
    }
}

using MnistFunctional.Backend;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// Batch normalisation against the textbook formulas computed in double (batch mean, biased variance, y = γx̂ + β,
/// the three gradients, Keras's moving-statistics update), on odd sizes, and the backward against finite differences.
/// </summary>
public class BatchNormKernelsTests
{
    [Theory]
    [InlineData(5, 3, 7)] // 5 pixels of 3 channels, 7 examples
    [InlineData(1, 10, 9)] // after a dense layer
    [InlineData(13, 17, 11)] // 143 rows: several summation blocks, the last one short
    [InlineData(7, 32, 11)] // 77 rows of two whole 512-bit vectors: the vectorised path
    [InlineData(1, 16, 70)] // 70 rows of one vector: two blocks
    public void Training_forward_and_backward_match_the_formulas(int positions, int channels, int batch)
    {
        var g = new BatchNormGeometry(positions, channels);
        var (gamma, beta, input, upstream) = Values(g, batch);
        var output = new float[input.Length];
        var statistics = new float[g.StatisticsLength];
        var (dGamma, dBeta, dx) = (new float[channels], new float[channels], new float[input.Length]);

        BatchNormKernels.TrainingForward(g, gamma, beta, input, batch, output, statistics);
        BatchNormKernels.Backward(g, gamma, input, statistics, upstream, batch, dGamma, dBeta, dx);

        var rows = positions * batch;
        for (var c = 0; c < channels; c++)
        {
            var at = Enumerable.Range(0, rows).Select(r => (r * channels) + c).ToArray();
            var mean = at.Average(i => (double)input[i]);
            var variance = at.Average(i => Math.Pow(input[i] - mean, 2));
            var sigma = Math.Sqrt(variance + g.Epsilon);
            Near(mean, statistics[c], 1e-6);
            Near(variance, statistics[channels + c], 1e-6);
            var sumDy = at.Sum(i => (double)upstream[i]);
            var sumDyXhat = at.Sum(i => upstream[i] * (input[i] - mean) / sigma);
            Near(sumDy, dBeta[c], 1e-5);
            Near(sumDyXhat, dGamma[c], 1e-5);
            foreach (var i in at)
            {
                var xhat = (input[i] - mean) / sigma;
                Assert.Equal((gamma[c] * xhat) + beta[c], output[i], 1e-5);
                Assert.Equal(gamma[c] / sigma * (upstream[i] - (sumDy / rows) - (xhat * sumDyXhat / rows)), dx[i], 1e-5);
            }
        }
    }

    [Fact]
    public void Backward_matches_finite_differences()
    {
        Check(new BatchNormGeometry(3, 5));
        Check(new BatchNormGeometry(5, 16)); // the vectorised path
    }

    private static void Check(BatchNormGeometry g)
    {
        const int batch = 4;
        var (gamma, beta, input, weights) = Values(g, batch);
        var statistics = new float[g.StatisticsLength];
        var (dGamma, dBeta, dx) = (new float[g.Channels], new float[g.Channels], new float[input.Length]);
        BatchNormKernels.TrainingForward(g, gamma, beta, input, batch, new float[input.Length], statistics);
        BatchNormKernels.Backward(g, gamma, input, statistics, weights, batch, dGamma, dBeta, dx);

        KernelFiniteDifferences.AssertMatches("input", input, dx, x => Loss(gamma, beta, x));
        KernelFiniteDifferences.AssertMatches("gamma", gamma, dGamma, p => Loss(p, beta, input));
        KernelFiniteDifferences.AssertMatches("beta", beta, dBeta, p => Loss(gamma, p, input));

        double Loss(float[] gammaValues, float[] betaValues, float[] x)
        {
            var y = new float[x.Length];
            BatchNormKernels.TrainingForward(g, gammaValues, betaValues, x, batch, y, new float[g.StatisticsLength]);
            return KernelFiniteDifferences.Dot(weights, y);
        }
    }

    [Fact]
    public void Inference_uses_the_moving_statistics_and_the_update_follows_keras()
    {
        const int batch = 3;
        var g = new BatchNormGeometry(4, 6, Momentum: 0.9f, Epsilon: 0.01f);
        var (gamma, beta, input, _) = Values(g, batch);
        var movingMean = TestData.Uniform(g.Channels, 1, 20).AsColumnMajorArray();
        var movingVariance = TestData.Uniform(g.Channels, 1, 21).Map(v => v + 0.5f).AsColumnMajorArray();
        var output = new float[input.Length];

        BatchNormKernels.InferenceForward(g, gamma, beta, movingMean, movingVariance, input, batch, output);

        for (var i = 0; i < input.Length; i++)
        {
            var c = i % g.Channels;
            var expected = (gamma[c] * (input[i] - movingMean[c]) / Math.Sqrt(movingVariance[c] + 0.01)) + beta[c];
            Assert.Equal(expected, output[i], 1e-5);
        }

        var statistics = new float[g.StatisticsLength];
        BatchNormKernels.TrainingForward(g, gamma, beta, input, batch, output, statistics);
        var (newMean, newVariance) = (new float[g.Channels], new float[g.Channels]);
        BatchNormKernels.UpdateMoving(g, movingMean, movingVariance, statistics, newMean, newVariance);
        for (var c = 0; c < g.Channels; c++)
        {
            Assert.Equal((movingMean[c] * 0.9) + (statistics[c] * 0.1), newMean[c], 1e-6);
            Assert.Equal((movingVariance[c] * 0.9) + (statistics[g.Channels + c] * 0.1), newVariance[c], 1e-6);
        }
    }

    [Fact]
    public void Statistics_do_not_depend_on_anything_but_the_batch()
    {
        var g = new BatchNormGeometry(7, 16);
        var (gamma, beta, input, _) = Values(g, 10);
        var (first, second) = (new float[g.StatisticsLength], new float[g.StatisticsLength]);
        var (y1, y2) = (new float[input.Length], new float[input.Length]);

        BatchNormKernels.TrainingForward(g, gamma, beta, input, 10, y1, first);
        BatchNormKernels.TrainingForward(g, gamma, beta, input, 10, y2, second);

        Assert.Equal(first, second);
        Assert.Equal(y1, y2);
    }

    // |expected − actual| ≤ tolerance · max(1, |expected|): float32 rounding relative to the value's size.
    private static void Near(double expected, float actual, double tolerance) =>
        Assert.Equal(expected, actual, tolerance * Math.Max(1, Math.Abs(expected)));

    // γ around 1, β around 0, inputs with a channel-dependent offset and spread (so the normalisation matters).
    private static (float[] Gamma, float[] Beta, float[] Input, float[] Upstream) Values(BatchNormGeometry g, int batch)
    {
        var gamma = TestData.Uniform(g.Channels, 1, 10).Map(v => 0.5f + v).AsColumnMajorArray();
        var beta = TestData.Uniform(g.Channels, 1, 11).Map(v => v - 0.5f).AsColumnMajorArray();
        var input = TestData.Uniform(g.Size, batch, 12).AsColumnMajorArray();
        for (var i = 0; i < input.Length; i++)
        {
            var c = i % g.Channels;
            input[i] = (input[i] * (1 + c)) + c - 2;
        }

        var upstream = TestData.Uniform(g.Size, batch, 13).Map(v => v - 0.5f).AsColumnMajorArray();
        return (gamma, beta, input, upstream);
    }
}

using MathNet.Numerics.Random;

namespace MnistFunctional.Augmentation;

/// <summary>
/// Simard, Steinkraus and Platt's (2003) elastic distortion field: uniform random displacements in [−1, 1] for
/// every pixel, smoothed by a Gaussian of standard deviation σ and scaled by α. A small σ gives random noise, a
/// large one an almost rigid shift; σ ≈ 4 on 28×28 looks like the wobble of different writers' hands.
/// </summary>
public static class ElasticField
{
    /// <summary>The displacement of each pixel along x and along y (row by row), from <paramref name="seed"/> alone.</summary>
    public static (double[] X, double[] Y) Draw(int seed, double alpha, double sigma, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        var source = new MersenneTwister(seed, threadSafe: false);
        var x = new double[height * width];
        var y = new double[height * width];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (2 * source.NextDouble()) - 1;
            y[i] = (2 * source.NextDouble()) - 1;
        }

        var kernel = Gaussian(sigma);
        return (Smooth(x, height, width, kernel, alpha), Smooth(y, height, width, kernel, alpha));
    }

    /// <summary>A normalised Gaussian over ±3σ.</summary>
    private static double[] Gaussian(double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new double[(2 * radius) + 1];
        for (var i = -radius; i <= radius; i++)
        {
            kernel[i + radius] = Math.Exp(-(i * i) / (2 * sigma * sigma));
        }

        var total = kernel.Sum();
        return Array.ConvertAll(kernel, k => k / total);
    }

    /// <summary>Separable convolution (zero beyond the edges), scaled by <paramref name="alpha"/>.</summary>
    private static double[] Smooth(double[] field, int height, int width, double[] kernel, double alpha)
    {
        var radius = kernel.Length / 2;
        var across = new double[field.Length];
        for (var row = 0; row < height; row++)
        {
            for (var column = 0; column < width; column++)
            {
                var sum = 0.0;
                for (var k = -radius; k <= radius; k++)
                {
                    var c = column + k;
                    sum += c >= 0 && c < width ? kernel[k + radius] * field[(row * width) + c] : 0;
                }

                across[(row * width) + column] = sum;
            }
        }

        var result = new double[field.Length];
        for (var row = 0; row < height; row++)
        {
            for (var column = 0; column < width; column++)
            {
                var sum = 0.0;
                for (var k = -radius; k <= radius; k++)
                {
                    var r = row + k;
                    sum += r >= 0 && r < height ? kernel[k + radius] * across[(r * width) + column] : 0;
                }

                result[(row * width) + column] = alpha * sum;
            }
        }

        return result;
    }
}

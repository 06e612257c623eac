namespace MnistFunctional.Tests.Backend;

/// <summary>
/// A kernel's backward against central finite differences of a scalar loss L(x) = Σ r·y (r fixed random weights),
/// (L(x+h) − L(x−h)) / 2h with h = 1e-3, in the style of <see cref="GradientCheckTests"/>: the checked entries of one
/// input compared as a vector by ‖num − ana‖ / (‖num‖ + ‖ana‖) &lt; 1e-2, entries whose second difference exceeds
/// 1e-5 (a kink crossed: max-pool ties, ReLU) left out, at most a quarter of them.
/// </summary>
internal static class KernelFiniteDifferences
{
    private const float Step = 1e-3f;
    private const double KinkThreshold = 1e-5;
    private const double Tolerance = 1e-2;

    /// <summary>Σ weights·values in double.</summary>
    public static double Dot(ReadOnlySpan<float> weights, ReadOnlySpan<float> values)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += (double)weights[i] * values[i];
        }

        return sum;
    }

    /// <summary>Checks <paramref name="analytic"/> = ∂loss/∂point at up to <paramref name="samples"/> entries of <paramref name="point"/>.</summary>
    public static void AssertMatches(string name, float[] point, ReadOnlySpan<float> analytic, Func<float[], double> loss, int samples = 60)
    {
        var center = loss(point);
        var all = Enumerable.Range(0, samples).Select(i => (int)((long)i * 7919 % point.Length)).Distinct().ToArray();
        var numeric = new List<double>();
        var expected = new List<double>();
        foreach (var index in all)
        {
            var plus = Perturbed(index, Step);
            var minus = Perturbed(index, -Step);
            if (Math.Abs(plus - (2 * center) + minus) > KinkThreshold)
            {
                continue;
            }

            numeric.Add((plus - minus) / (2 * Step));
            expected.Add(analytic[index]);
        }

        Assert.True(numeric.Count * 4 >= all.Length * 3, $"{name}: {all.Length - numeric.Count} of {all.Length} entries sit on a kink");
        var difference = Math.Sqrt(numeric.Zip(expected, (a, b) => (a - b) * (a - b)).Sum());
        var scale = Math.Sqrt(numeric.Sum(a => a * a)) + Math.Sqrt(expected.Sum(b => b * b));
        Assert.True(scale > 0, $"{name}: every checked gradient is zero, the check proves nothing");
        Assert.True(difference / scale < Tolerance, $"{name}: relative error {difference / scale:E2}");

        double Perturbed(int index, float delta)
        {
            var copy = (float[])point.Clone();
            copy[index] += delta;
            return loss(copy);
        }
    }
}

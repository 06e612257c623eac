using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Models;
using MnistFunctional.Tensors;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// Backward against central finite differences of the loss, (L(θ+h) − L(θ−h)) / 2h with h = 1e-3.
/// Tolerances: the loss is computed in float32, so each quotient carries a rounding error of about
/// 2⁻²³·|L| / h ≈ 1e-4 absolute, and a truncation error h²·L‴/6 ≈ 1e-7; gradient entries are 1e-3..1e-1, so
/// we compare the checked entries of each tensor as a vector by ‖num − ana‖ / (‖num‖ + ‖ana‖) &lt; 1e-2
/// (a wrong index or a missing term gives errors of order 1).
/// ReLU and max-pool are not differentiable at their kinks: where the step crosses one, the quotient
/// averages two different slopes. Such an entry shows a second difference |L(θ+h) − 2L(θ) + L(θ−h)| of
/// h·Δslope (≥ 1e-5 for a slope change ≥ 0.01), while a smooth entry shows h²·L″ plus rounding (&lt; 1e-6):
/// entries above 1e-5 are left out, and at most a quarter of them may be.
/// </summary>
public class GradientCheckTests
{
    private const float Step = 1e-3f;
    private const double KinkThreshold = 1e-5;
    private const double Tolerance = 1e-2;

    [Fact]
    public void GradCheckNet_every_layer_kind_and_activation()
    {
        var input = TestData.Uniform(GradCheckNet.InputBatch.Size, 4, 11);
        var labels = TestData.Labels(4, GradCheckNet.Classes, 12);
        var parameters = GradCheckNet.Initialize(3);

        var gradients = GradCheckNet.Backward(parameters, GradCheckNet.Forward(parameters, new(input)), labels);

        AssertMatchesFiniteDifferences(parameters, gradients, p => GradCheckNet.Loss(GradCheckNet.Forward(p, new(input)), labels), samplesPerTensor: 40);
    }

    [Fact]
    public void PaddingNet_same_padding_strided_pools_average_and_global_pooling()
    {
        var input = TestData.Uniform(PaddingNet.InputBatch.Size, 4, 41);
        var labels = TestData.Labels(4, PaddingNet.Classes, 42);
        var parameters = PaddingNet.Initialize(9);

        var gradients = PaddingNet.Backward(parameters, PaddingNet.Forward(parameters, new(input)), labels);

        AssertMatchesFiniteDifferences(parameters, gradients, p => PaddingNet.Loss(PaddingNet.Forward(p, new(input)), labels), samplesPerTensor: 40);
    }

    [Fact]
    public void TinyNet_conv_pool_dense()
    {
        var input = TestData.Uniform(TinyNet.InputBatch.Size, 3, 21);
        var labels = TestData.Labels(3, TinyNet.Classes, 22);
        var parameters = TinyNet.Initialize(5);

        var gradients = TinyNet.Backward(parameters, TinyNet.Forward(parameters, new(input)), labels);

        AssertMatchesFiniteDifferences(parameters, gradients, p => TinyNet.Loss(TinyNet.Forward(p, new(input)), labels), samplesPerTensor: 40);
    }

    [Fact]
    public void Seed_model_whole_loss()
    {
        var input = TestData.Uniform(MnistCnn.InputBatch.Size, 3, 31);
        var labels = TestData.Labels(3, MnistCnn.Classes, 32);
        var parameters = MnistCnn.Initialize(7);

        var gradients = MnistCnn.Backward(parameters, MnistCnn.Forward(parameters, new(input)), labels);

        // A first-layer weight moves thousands of ReLU and max-pool inputs at once; each kink crossed is too small
        // to show in the second difference but together they blur the quotient by about 2%, so the whole-model
        // check allows 5e-2 (the small networks above hold every kernel to 1e-2).
        AssertMatchesFiniteDifferences(parameters, gradients, p => MnistCnn.Loss(MnistCnn.Forward(p, new(input)), labels), samplesPerTensor: 12, tolerance: 5e-2);
    }

    internal static void AssertMatchesFiniteDifferences<TParameters, TGradients>(
        TParameters parameters, TGradients gradients, Func<TParameters, float> loss, int samplesPerTensor, double tolerance = Tolerance)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        var tensors = parameters.Tensors;
        var center = (double)loss(parameters);
        for (var t = 0; t < tensors.Length; t++)
        {
            var analytic = gradients.Tensors[t].Data;
            var length = tensors[t].Data.Length;
            var all = Enumerable.Range(0, samplesPerTensor).Select(i => (int)((long)i * 7919 % length)).Distinct().ToArray();
            var smooth = all
                .Select(i => (Index: i, Plus: (double)Perturbed(i, Step), Minus: (double)Perturbed(i, -Step)))
                .Where(e => Math.Abs(e.Plus - (2 * center) + e.Minus) <= KinkThreshold)
                .ToArray();
            Assert.True(smooth.Length * 4 >= all.Length * 3, $"{tensors[t].Name}: {all.Length - smooth.Length} of {all.Length} entries sit on a kink");

            var numeric = Vector<double>.Build.DenseOfEnumerable(smooth.Select(e => (e.Plus - e.Minus) / (2 * Step)));
            var expected = Vector<double>.Build.DenseOfEnumerable(smooth.Select(e => (double)analytic[e.Index]));
            var scale = numeric.L2Norm() + expected.L2Norm();
            var relative = scale == 0 ? 0 : (numeric - expected).L2Norm() / scale;
            Assert.True(relative < tolerance, $"{tensors[t].Name}: relative error {relative:E2}, ‖ana‖ {expected.L2Norm():E2}");

            float Perturbed(int index, float delta)
            {
                var arrays = tensors.Select(tensor => (float[])tensor.Data.Clone()).ToArray();
                arrays[t][index] += delta;
                return loss(TParameters.FromArrays(arrays));
            }
        }
    }
}

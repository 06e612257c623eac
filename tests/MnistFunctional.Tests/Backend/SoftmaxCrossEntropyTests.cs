using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Backend;

namespace MnistFunctional.Tests.Backend;

public class SoftmaxCrossEntropyTests
{
    [Fact]
    public void Huge_logits_give_finite_probabilities_and_loss()
    {
        var logits = Matrix<float>.Build.DenseOfColumnArrays([1000f, 0f, -1000f], [90f, 89f, 88f]);

        var probabilities = SoftmaxCrossEntropy.Probabilities(logits);
        var loss = SoftmaxCrossEntropy.Loss(logits, [2, 0]);

        Assert.All(Storage.Of(probabilities), p => Assert.True(float.IsFinite(p)));
        Assert.Equal(1f, probabilities[0, 0]);
        Assert.Equal((2000 + 0.4076059644) / 2, loss, 3);
    }

    [Fact]
    public void Logit_gradient_is_p_minus_onehot_over_batch()
    {
        var logits = Matrix<float>.Build.DenseOfColumnArrays([1f, 2f, 3f], [0f, 0f, 0f]);
        var probabilities = SoftmaxCrossEntropy.Probabilities(logits);

        var gradient = SoftmaxCrossEntropy.LogitGradient(probabilities, [1, 0]);

        Assert.Equal((probabilities[1, 0] - 1f) / 2f, gradient[1], 6);
        Assert.Equal(probabilities[0, 1] / 2f - 0.5f, gradient[3], 6);
    }
}

using MnistFunctional.Backend;
using MnistFunctional.Models;

namespace MnistFunctional.Tests.Backend;

/// <summary>Score (validation, evaluation) runs the model as Predict does, and agrees with the training forward pass's loss to rounding.</summary>
public class ScoreTests
{
    [Theory]
    [InlineData(37)] // both Winograd kernels, a short last chunk
    [InlineData(3)] // below conv3's Winograd batch
    public void Score_is_Predicts_classes_and_the_forward_pass_loss_to_rounding(int batch)
    {
        var parameters = MnistCnn.Initialize(17);
        var input = TestData.Uniform(784, batch, 5);
        var labels = TestData.Labels(batch, 10, 6);

        var score = MnistCnn.Network.Score(parameters, input, labels, MnistCnn.Network.CreateWorkspace(batch));

        var probabilities = MnistCnn.Predict(parameters, new MnistCnn.InputBatch(input));
        var classes = Enumerable.Range(0, batch).Select(image => probabilities.Column(image).MaximumIndex()).ToArray();
        Assert.Equal(classes, score.Predicted);
        Assert.Equal(classes.Zip(labels).Count(pair => pair.First == pair.Second), score.Correct);
        var forwardLoss = MnistCnn.Loss(MnistCnn.Forward(parameters, new MnistCnn.InputBatch(input)), labels);
        Assert.Equal(forwardLoss, score.Loss, 1e-5f * forwardLoss);
        Assert.Equal(score.Loss, MnistCnn.Network.Score(parameters, input, labels).Loss);
    }
}

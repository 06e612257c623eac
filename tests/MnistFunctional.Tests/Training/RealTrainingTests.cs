using MnistFunctional.Evaluation;
using MnistFunctional.Models;
using MnistFunctional.Tests.Data;
using MnistFunctional.Training;

namespace MnistFunctional.Tests.Training;

/// <summary>Really trains the seed model: one full epoch over the 54,000 training images (batch 32, Keras defaults).</summary>
public class RealTrainingTests(RealMnistFixture mnist) : IClassFixture<RealMnistFixture>
{
    [Fact]
    public void One_epoch_of_the_seed_recipe_reaches_98_percent_on_the_test_set()
    {
        var options = new TrainingOptions { Epochs = 1 };
        var (train, validation) = Trainer.SplitValidation(mnist.Data.Train, options.ValidationSplit);

        var run = Trainer.Fit(MnistCnn.Network, Trainer.Start(MnistCnn.Network, options), train, validation, options, TimeProvider.System);
        var test = Evaluator.Evaluate(MnistCnn.Network, run.Parameters, mnist.Data.Test);

        Assert.Equal(54_000, train.Count);
        Assert.True(run.History[0].ValidationAccuracy > 0.97, $"val_accuracy {run.History[0].ValidationAccuracy:F4}");
        Assert.True(test.Accuracy >= 0.98, $"test accuracy {test.Accuracy:F4} after one epoch");
    }
}

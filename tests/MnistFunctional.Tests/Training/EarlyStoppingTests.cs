using MnistFunctional.Training;

namespace MnistFunctional.Tests.Training;

public class EarlyStoppingTests
{
    [Fact]
    public void A_lower_validation_loss_is_a_new_best_and_resets_the_count()
    {
        var (next, improved) = new EarlyStopping(0.5, 2).After(0.4, hasValidation: true);

        Assert.True(improved);
        Assert.Equal(new EarlyStopping(0.4, 0), next);
        Assert.Null(next.StopReason(patience: 1));
    }

    [Fact]
    public void Patience_epochs_without_a_lower_validation_loss_stop_training()
    {
        var stopping = EarlyStopping.Initial.After(0.5, hasValidation: true).Next;

        var (once, improvedOnce) = stopping.After(0.5, hasValidation: true);
        var (twice, _) = once.After(0.6, hasValidation: true);

        Assert.False(improvedOnce);
        Assert.Null(once.StopReason(patience: 2));
        Assert.Equal("early stopping: no lower val_loss for 2 epochs", twice.StopReason(patience: 2));
        Assert.Null(twice.StopReason(patience: null));
    }

    [Fact]
    public void Without_validation_data_every_epoch_counts_as_the_best()
    {
        var (next, improved) = new EarlyStopping(0.1, 3).After(double.NaN, hasValidation: false);

        Assert.True(improved);
        Assert.Equal(0, next.EpochsWithoutImprovement);
    }
}

using MnistFunctional.Augmentation;
using MnistFunctional.Data;
using MnistFunctional.Evaluation;
using MnistFunctional.Models;
using MnistFunctional.Serialization;
using MnistFunctional.Tests.Data;
using MnistFunctional.Training;

namespace MnistFunctional.Tests.Training;

public class TrainerTests(RealMnistFixture mnist) : IClassFixture<RealMnistFixture>
{
    private static readonly TrainingOptions Small = new() { Epochs = 2, BatchSize = 32, Seed = 7, ValidationSplit = 0.2 };

    private (Dataset Train, Dataset Validation) Slice() => Trainer.SplitValidation(mnist.Data.Train.Slice(0, 400), Small.ValidationSplit);

    [Fact]
    public void Same_seed_twice_gives_identical_history_and_byte_identical_model_file()
    {
        var (train, validation) = Slice();

        var first = Trainer.Fit(MnistCnn.Network, Trainer.Start(MnistCnn.Network, Small), train, validation, Small, new FrozenClock());
        var second = Trainer.Fit(MnistCnn.Network, Trainer.Start(MnistCnn.Network, Small), train, validation, Small, new FrozenClock());

        Assert.Equal(first.History.ToArray(), second.History.ToArray());
        Assert.Equal(ModelFile.Encode("MnistCnn", MnistCnn.Architecture, first.Parameters), ModelFile.Encode("MnistCnn", MnistCnn.Architecture, second.Parameters));
        Assert.Equal(2, first.History.Length);
    }

    [Fact]
    public void Cosine_decay_trains_the_first_epoch_at_the_full_rate_and_the_next_at_a_lower_one()
    {
        var (train, validation) = Slice();
        var cosine = Small with { Decay = LearningRateDecay.Cosine };

        var constant = Trainer.Fit(MnistCnn.Network, Trainer.Start(MnistCnn.Network, Small), train, validation, Small, new FrozenClock());
        var decayed = Trainer.Fit(MnistCnn.Network, Trainer.Start(MnistCnn.Network, cosine), train, validation, cosine, new FrozenClock());

        Assert.Equal(constant.History[0], decayed.History[0]);
        Assert.NotEqual(constant.History[1], decayed.History[1]);
    }

    [Fact]
    public void The_buffer_reusing_loop_equals_a_fold_of_pure_steps_and_leaves_the_start_untouched()
    {
        var options = Small with { Epochs = 1, ValidationSplit = 0 };
        var (train, _) = Trainer.SplitValidation(mnist.Data.Train.Slice(0, 100), 0);
        var start = Trainer.Start(MnistCnn.Network, options);
        var startWeights = start.Parameters.Tensors.Select(t => (float[])t.Data.Clone()).ToArray();

        var fitted = Trainer.Fit(MnistCnn.Network, start, train, train.Slice(0, 0), options, new FrozenClock());
        var folded = start;
        var order = EpochShuffle.Order(train.Count, options.Seed, 0);
        for (var batch = 0; batch < 4; batch++)
        {
            folded = Trainer.Step(MnistCnn.Network, folded, train, order, options);
        }

        Assert.Equal(startWeights, start.Parameters.Tensors.Select(t => t.Data).ToArray());
        Assert.Equal(folded.Parameters.Tensors.Select(t => t.Data).ToArray(), fitted.Parameters.Tensors.Select(t => t.Data).ToArray());
    }

    [Fact]
    public void Validation_in_the_kept_workspaces_scores_every_epoch_as_a_fresh_evaluation_does()
    {
        // 1,105 validation examples: batches of 500, 500 and 105, each workspace reused at the second epoch.
        var options = Small with { ValidationSplit = 0.85 };
        var (train, validation) = Trainer.SplitValidation(mnist.Data.Train.Slice(0, 1300), options.ValidationSplit);
        var fresh = new List<(double Loss, double Accuracy)>();
        var kept = EvaluationWorkspaces.For(MnistCnn.Network);

        var run = Trainer.Fit(MnistCnn.Network, Trainer.Start(MnistCnn.Network, options), train, validation, options, new FrozenClock(),
            epochDone: done => fresh.Add(Trainer.Score(MnistCnn.Network, done.Parameters, validation, done.State)), evaluation: kept);

        Assert.Equal(1105, validation.Count);
        Assert.Equal(fresh, run.History.Select(epoch => (epoch.ValidationLoss, epoch.ValidationAccuracy)));
        Assert.Same(kept.Get(500), kept.Get(500));
        var test = mnist.Data.Test.Slice(0, 1200);
        Assert.Equal(Trainer.Score(MnistCnn.Network, run.Parameters, test, run.State), Trainer.Score(MnistCnn.Network, run.Parameters, test, run.State, kept));
    }

    [Fact]
    public void A_different_seed_gives_different_weights()
    {
        var (train, validation) = Slice();

        var first = Trainer.Fit(MnistCnn.Network, Trainer.Start(MnistCnn.Network, Small), train, validation, Small, new FrozenClock());
        var other = Small with { Seed = 8 };
        var second = Trainer.Fit(MnistCnn.Network, Trainer.Start(MnistCnn.Network, other), train, validation, other, new FrozenClock());

        Assert.NotEqual(first.Parameters.Conv1.Kernel.ToColumnMajorArray(), second.Parameters.Conv1.Kernel.ToColumnMajorArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("default")]
    [InlineData("clothing-erasing")]
    public void Interrupted_and_resumed_run_ends_with_the_weights_of_an_uninterrupted_run(string? augment)
    {
        var options = Small with
        {
            Augmentation = augment switch
            {
                "default" => AugmentationOptions.Default,
                "clothing-erasing" => AugmentationOptions.ClothingErasing,
                _ => null,
            },
        };
        var (train, validation) = Slice();
        var uninterrupted = Trainer.Fit(MnistCnn.Network, Trainer.Start(MnistCnn.Network, options), train, validation, options, new FrozenClock());

        // Stop mid-way through the first epoch (10 batches per epoch here), keep only the checkpoint bytes, resume.
        using var stop = new CancellationTokenSource();
        var interrupted = Trainer.Fit(MnistCnn.Network, Trainer.Start(MnistCnn.Network, options), train, validation, options, new FrozenClock(), new CancelAfter(6, stop), stop: stop.Token);
        Assert.Equal("interrupted", interrupted.StopReason);
        Assert.Equal(6, interrupted.BatchesDone);

        var checkpoint = CheckpointFile.Encode(MnistCnn.Network, interrupted, options);
        var restored = CheckpointFile.Decode(checkpoint, MnistCnn.Network, options, "checkpoint");
        var resumed = Trainer.Fit(MnistCnn.Network, restored, train, validation, options, new FrozenClock());

        Assert.Equal(uninterrupted.History.ToArray(), resumed.History.ToArray());
        Assert.Equal(ModelFile.Encode("MnistCnn", MnistCnn.Architecture, uninterrupted.Parameters), ModelFile.Encode("MnistCnn", MnistCnn.Architecture, resumed.Parameters));
    }

    [Fact]
    public void Resuming_with_another_seed_is_refused_with_a_clear_message()
    {
        var checkpoint = CheckpointFile.Encode(MnistCnn.Network, Trainer.Start(MnistCnn.Network, Small), Small);

        var error = Assert.Throws<ModelFileException>(() => CheckpointFile.Decode(checkpoint, MnistCnn.Network, Small with { Seed = 99 }, "ck"));

        Assert.Contains("--seed 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_an_augmented_run_without_augmentation_is_refused()
    {
        var augmented = Small with { Augmentation = AugmentationOptions.Default };
        var checkpoint = CheckpointFile.Encode(MnistCnn.Network, Trainer.Start(MnistCnn.Network, augmented), augmented);

        var error = Assert.Throws<ModelFileException>(() => CheckpointFile.Decode(checkpoint, MnistCnn.Network, Small, "ck"));

        Assert.Contains("augmentation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_a_clothing_augmented_run_with_the_digit_augmentation_is_refused_naming_both()
    {
        var clothing = Small with { Augmentation = AugmentationOptions.Clothing };
        var checkpoint = CheckpointFile.Encode(MnistCnn.Network, Trainer.Start(MnistCnn.Network, clothing), clothing);

        var error = Assert.Throws<ModelFileException>(() => CheckpointFile.Decode(checkpoint, MnistCnn.Network, Small with { Augmentation = AugmentationOptions.Default }, "ck"));

        Assert.Contains("horizontal flip", error.Message, StringComparison.Ordinal);
        Assert.Contains("rotation ±12°", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Early_stopping_stops_when_validation_loss_stops_improving()
    {
        var (train, validation) = Slice();
        var options = Small with { Epochs = 30, Patience = 1, Adam = new AdamOptions(LearningRate: 0.05f) };

        var run = Trainer.Fit(MnistCnn.Network, Trainer.Start(MnistCnn.Network, options), train, validation, options, new FrozenClock());

        Assert.StartsWith("early stopping", run.StopReason, StringComparison.Ordinal);
        Assert.True(run.History.Length < 30);
        var best = run.History.MinBy(epoch => epoch.ValidationLoss)!;
        Assert.Equal(best.ValidationLoss, Trainer.Score(MnistCnn.Network, run.Parameters, validation).Loss, 5);
    }

    [Fact]
    public void Validation_split_takes_the_last_examples_like_Keras()
    {
        var data = mnist.Data.Train.Slice(0, 100);

        var (train, validation) = Trainer.SplitValidation(data, 0.1);

        Assert.Equal(90, train.Count);
        Assert.Equal(data.Labels[90..], validation.Labels);
    }
}

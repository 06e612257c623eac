using MathNet.Numerics.Random;
using MnistFunctional.Augmentation;
using MnistFunctional.Data;
using MnistFunctional.Training;

namespace MnistFunctional.Torch.Tests;

/// <summary>The Trainer recipe on torch: same shuffles and batches, so the weights track the MathNet run step for step.</summary>
public class TorchTrainingTests
{
    private static readonly TrainingOptions Options = new() { Epochs = 2, BatchSize = 16, Seed = 3, ValidationSplit = 0 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_epochs_end_with_the_weights_of_the_MathNet_trainer(bool augment)
    {
        var options = Options with { Augmentation = augment ? AugmentationOptions.Default : null };
        var data = Synthetic(72, seed: 1); // 5 batches an epoch, the last one short
        var expected = Trainer.Fit(MixedNet.Network, Trainer.Start(MixedNet.Network, options), data, data.Slice(0, 0), options, TimeProvider.System);

        using var network = TorchNetwork.Build(MixedNet.Architecture);
        network.Load(MixedNet.Initialize(options.Seed));
        using var trainer = new TorchTrainer(network, options.Adam);
        var result = TorchTraining.Fit<MixedNet.Parameters>(trainer, data, data.Slice(0, 0), options, TimeProvider.System);

        Assert.Equal("completed", result.StopReason);
        Assert.Equal([1, 2], result.History.Select(e => e.Epoch));
        Assert.Equal(expected.History[1].Loss, result.History[1].Loss, 1e-5);
        // 10 Adam steps of ~1e-3 each: rounding differences (1e-7 per step) stay far below a step.
        Assert.All(expected.Parameters.Tensors.Zip(result.Parameters.Tensors), pair => Assert.InRange(Differences.MaxAbsDiff(pair.First.Data, pair.Second.Data), 0f, 1e-5f));
    }

    [Fact]
    public void A_stop_request_interrupts_between_batches()
    {
        using var network = TorchNetwork.Build(MixedNet.Architecture);
        network.Load(MixedNet.Initialize(1));
        using var trainer = new TorchTrainer(network, Options.Adam);

        var result = TorchTraining.Fit<MixedNet.Parameters>(trainer, Synthetic(32, seed: 2), Synthetic(8, seed: 3), Options, TimeProvider.System, stop: new CancellationToken(canceled: true));

        Assert.Equal("interrupted", result.StopReason);
        Assert.Empty(result.History);
    }

    private static Dataset Synthetic(int count, int seed)
    {
        var source = new MersenneTwister(seed, threadSafe: false);
        var pixels = Enumerable.Range(0, count * 13 * 13 * 2).Select(_ => (float)source.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, count).Select(_ => source.Next(5)).ToArray();
        return new Dataset(pixels, labels, 13, 13, 2);
    }
}

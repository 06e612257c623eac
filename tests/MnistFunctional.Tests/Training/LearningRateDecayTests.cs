using MnistFunctional.Training;

namespace MnistFunctional.Tests.Training;

public sealed class LearningRateDecayTests
{
    [Fact]
    public void Without_decay_every_epoch_gets_the_options_Adam_itself()
    {
        var options = new TrainingOptions { Epochs = 10 };

        Assert.All(Enumerable.Range(0, 10), epoch => Assert.Same(options.Adam, options.AdamAt(epoch)));
    }

    [Fact]
    public void Cosine_decay_starts_at_the_rate_halves_it_midway_and_falls_every_epoch()
    {
        var options = new TrainingOptions { Epochs = 10, Decay = LearningRateDecay.Cosine, Adam = AdamOptions.Keras with { LearningRate = 0.002f } };
        var rates = Enumerable.Range(0, 10).Select(epoch => options.AdamAt(epoch).LearningRate).ToArray();

        Assert.Equal(0.002f, rates[0]);
        Assert.Equal(0.001f, rates[5], 1e-9f);
        Assert.All(rates.Zip(rates.Skip(1)), pair => Assert.True(pair.Second < pair.First));
        Assert.True(rates[9] > 0);
        Assert.Equal(AdamOptions.Keras.Beta1, options.AdamAt(7).Beta1);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.001f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_learning_rate_that_is_not_a_positive_number_is_refused(float learningRate)
    {
        var options = new TrainingOptions { Adam = AdamOptions.Keras with { LearningRate = learningRate } };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("learning rate", error.Message, StringComparison.Ordinal);
    }
}

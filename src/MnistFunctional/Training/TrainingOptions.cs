namespace MnistFunctional.Training;

/// <summary>
/// How to train; the defaults are the seed's Keras recipe: 10 epochs, batch 32, Adam with Keras defaults,
/// the last 10% of the training data held out for validation (as Keras's validation_split does).
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 32;

    public int Seed { get; init; } = 42;

    public double ValidationSplit { get; init; } = 0.1;

    /// <summary>Stop after this many epochs without a lower validation loss; null trains every epoch.</summary>
    public int? Patience { get; init; }

    /// <summary>Keep the weights of the epoch with the lowest validation loss (Keras's restore_best_weights).</summary>
    public bool RestoreBestWeights { get; init; } = true;

    public AdamOptions Adam { get; init; } = AdamOptions.Keras;

    /// <summary>How Adam's learning rate (<see cref="AdamOptions.LearningRate"/> at the first epoch) changes from epoch to epoch.</summary>
    public LearningRateDecay Decay { get; init; } = LearningRateDecay.None;

    /// <summary>Adam's options for the 0-based <paramref name="epoch"/>: a pure function of the epoch, so a resumed run steps exactly as an uninterrupted one.</summary>
    public AdamOptions AdamAt(int epoch) => Decay switch
    {
        LearningRateDecay.Cosine => Adam with { LearningRate = (float)(Adam.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * epoch / Epochs))) },
        _ => Adam,
    };

    /// <summary>Random distortions of each training batch (<c>--augment</c>); null trains on the images as they are.</summary>
    public Augmentation.AugmentationOptions? Augmentation { get; init; }

    public void Validate()
    {
        if (Epochs <= 0 || BatchSize <= 0)
        {
            throw new ArgumentException($"Epochs ({Epochs}) and batch size ({BatchSize}) must be greater than 0.");
        }

        if (ValidationSplit is < 0 or >= 1)
        {
            throw new ArgumentException($"The validation split must be in [0, 1), got {ValidationSplit}.");
        }

        if (!float.IsFinite(Adam.LearningRate) || Adam.LearningRate <= 0)
        {
            throw new ArgumentException($"The learning rate must be a finite number greater than 0, got {Adam.LearningRate}.");
        }

        if (Patience is <= 0)
        {
            throw new ArgumentException($"Patience must be greater than 0, got {Patience}.");
        }

        Augmentation?.Validate();
    }
}

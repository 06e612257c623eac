namespace MnistFunctional.Training;

/// <summary>
/// How Adam's learning rate changes over a run, epoch by epoch: not at all (Keras's default), or Keras's
/// <c>CosineDecay</c> from the initial rate towards zero over the run's epochs, stepped once per epoch.
/// </summary>
public enum LearningRateDecay
{
    None = 0,
    Cosine = 1,
}

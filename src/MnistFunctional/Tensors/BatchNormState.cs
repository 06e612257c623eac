using MathNet.Numerics.LinearAlgebra;

namespace MnistFunctional.Tensors;

/// <summary>
/// A batch normalisation's state, one value per channel: the moving mean and moving variance (Keras's moving_mean,
/// moving_variance) that inference normalises by. Training moves them; the optimiser never sees them.
/// </summary>
public sealed record BatchNormState(Vector<float> MovingMean, Vector<float> MovingVariance)
{
    public int Channels => MovingMean.Count;

    /// <summary>Keras's initial values: moving mean 0, moving variance 1.</summary>
    public static BatchNormState Initial(int channels) =>
        new(Vector<float>.Build.Dense(channels), Vector<float>.Build.Dense(channels, 1f));

    /// <summary>
    /// The state after one training batch, a new value (this one is unchanged): moving·momentum + batch·(1 − momentum)
    /// for the batch's <paramref name="statistics"/> (mean, then biased variance, as BatchNormKernels.TrainingForward gives them).
    /// </summary>
    public BatchNormState Moved(Backend.BatchNormGeometry geometry, ReadOnlySpan<float> statistics)
    {
        var mean = new float[Channels];
        var variance = new float[Channels];
        Backend.BatchNormKernels.UpdateMoving(geometry, Backend.Storage.Of(MovingMean), Backend.Storage.Of(MovingVariance), statistics, mean, variance);
        return new(Backend.Storage.Vector(mean), Backend.Storage.Vector(variance));
    }
}

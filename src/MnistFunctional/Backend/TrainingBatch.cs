namespace MnistFunctional.Backend;

/// <summary>
/// Which training batch a forward pass in training mode belongs to: the run's seed, the epoch and the batch within it
/// (both from 0). Everything random in a training pass (dropout masks) is a function of it and the layer, so a step is
/// the same on every run, on any number of threads, and after a resume.
/// </summary>
public readonly record struct TrainingBatch(int Seed, int Epoch, int Batch)
{
    /// <summary>The dropout mask key of the layer at <paramref name="layerIndex"/> (its LayerInfo.Index) in this batch.</summary>
    public DropoutKey Dropout(int layerIndex) => new(Seed, Epoch, Batch, layerIndex);
}

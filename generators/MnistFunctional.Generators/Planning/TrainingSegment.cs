namespace MnistFunctional.Generators.Planning
{
    /// <summary>
    /// A run of consecutive layers the training path takes through the batch slice by slice (in parallel, a few images at
    /// a time). A BatchNorm layer ends one: its statistics couple every example, so it runs on the whole batch between two
    /// segments (forward and backward). A network without BatchNorm has one segment, every layer after the input.
    /// </summary>
    /// <param name="First">The first layer's index.</param>
    /// <param name="Last">The last layer's index (inclusive).</param>
    internal sealed record TrainingSegment(int First, int Last)
    {
        public bool Contains(int layer) => layer >= First && layer <= Last;
    }
}

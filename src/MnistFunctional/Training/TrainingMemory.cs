using MnistFunctional.Dsl;

namespace MnistFunctional.Training;

/// <summary>
/// What a training batch holds in memory, estimated from the layer shapes before anything is allocated, so a batch
/// size that cannot fit is refused with the figure instead of taking the machine's memory.
/// </summary>
public static class TrainingMemory
{
    /// <summary>
    /// Bytes per example in a training workspace: every layer's output and its gradient, each convolution's
    /// unfolded input (im2col columns) and its gradient, and the training batch's own copy of the input, all float32.
    /// </summary>
    public static long BytesPerExample(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var layers = architecture.Describe();
        long floats = 0;
        for (var i = 0; i < layers.Length; i++)
        {
            var output = layers[i].Output.Size;
            floats += 2L * output; // the output and the gradient flowing back into it
            if (layers[i].Layer is ConvLayer conv && i > 0)
            {
                var columns = (long)conv.Kernel * conv.Kernel * layers[i].Input.Channels * layers[i].Output.Height * layers[i].Output.Width;
                floats += 2L * columns;
            }
        }

        return (floats + layers[0].Output.Size) * sizeof(float);
    }

    /// <summary>The bytes a batch of <paramref name="batchSize"/> examples needs (see <see cref="BytesPerExample"/>).</summary>
    public static long BatchBytes(Architecture architecture, int batchSize) => BytesPerExample(architecture) * batchSize;

    /// <summary>
    /// Refuses a batch that would need more than <paramref name="budgetBytes"/>, with the figure.
    /// </summary>
    /// <exception cref="ArgumentException">The batch does not fit.</exception>
    public static void RequireFits(Architecture architecture, int batchSize, long budgetBytes)
    {
        var needed = BatchBytes(architecture, batchSize);
        if (needed > budgetBytes)
        {
            var perExample = BytesPerExample(architecture);
            throw new ArgumentException(
                $"--batch-size {batchSize:N0} would need about {needed / 1e6:N0} MB for the training buffers ({perExample / 1e6:0.###} MB per example), more than the budget of {budgetBytes / 1e6:N0} MB (half of the memory available); the largest batch that fits is {budgetBytes / perExample:N0}.");
        }
    }
}

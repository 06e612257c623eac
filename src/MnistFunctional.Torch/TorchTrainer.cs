using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Backend;
using MnistFunctional.Training;
using TorchAdam = TorchSharp.Modules.Adam;
using static TorchSharp.torch;

namespace MnistFunctional.Torch;

/// <summary>
/// Trains a <see cref="TorchNetwork"/> in place with torch's autograd and torch.optim.Adam set to our
/// <see cref="AdamOptions"/> (Keras's defaults: lr 1e-3, β 0.9/0.999, ε 1e-7 — torch's own default ε is 1e-8).
/// torch's Adam is Kingma &amp; Ba's Algorithm 1, as <see cref="MnistFunctional.Training.Adam"/> is, so both backends take the same steps.
/// </summary>
public sealed class TorchTrainer : IDisposable
{
    private readonly TorchAdam optimizer;

    public TorchTrainer(TorchNetwork network, AdamOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        Network = network;
        optimizer = optim.Adam(network.Parameters, lr: options.LearningRate, beta1: options.Beta1, beta2: options.Beta2, eps: options.Epsilon);
    }

    public TorchNetwork Network { get; }

    /// <summary>One Adam step on the batch (<paramref name="batch"/> decides its dropout masks); returns the batch's score before the step.</summary>
    /// <exception cref="TrainingDivergedException">The loss is NaN or infinite.</exception>
    public BatchScore Step(Matrix<float> input, ReadOnlySpan<int> labels, TrainingBatch batch = default)
    {
        var score = Network.Backward(input, labels, batch);
        if (!float.IsFinite(score.Loss))
        {
            throw new TrainingDivergedException($"The loss became {score.Loss}: training stopped. Try a lower learning rate.");
        }

        optimizer.step();
        return score;
    }

    public void Dispose() => optimizer.Dispose();
}

using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional;

/// <summary>
/// The run-time face of a generated network, so training, evaluation and file I/O can be written once.
/// Inputs are (features × batch) matrices, one example per column, channels last.
/// </summary>
public interface INetwork<TParameters, TGradients>
    where TParameters : ITensorSet<TParameters>
    where TGradients : ITensorSet<TGradients>
{
    string Name { get; }

    Architecture Architecture { get; }

    /// <summary>Glorot-uniform kernels and zero biases from a MathNet source seeded with <paramref name="seed"/>.</summary>
    TParameters Initialize(int seed);

    /// <summary>
    /// Class probabilities (classes × batch), by the inference path: no activations kept, Winograd convolutions where
    /// the shapes allow, so within rounding (~1e-6) of Forward's, and the same from run to run.
    /// </summary>
    Matrix<float> Predict(TParameters parameters, Matrix<float> input);

    /// <summary>Mean loss, number of correct predictions, and the gradients of the mean loss.</summary>
    TrainingStep<TGradients> LossAndGradients(TParameters parameters, Matrix<float> input, ReadOnlySpan<int> labels);

    /// <summary>Mean loss and number of correct predictions, without gradients.</summary>
    BatchScore Score(TParameters parameters, Matrix<float> input, ReadOnlySpan<int> labels);

    /// <summary>Reusable buffers for batches of exactly <paramref name="batchSize"/> examples.</summary>
    INetworkWorkspace CreateWorkspace(int batchSize);

    /// <summary>Class probabilities, computed in (and valid until the next use of) <paramref name="workspace"/>.</summary>
    Matrix<float> Predict(TParameters parameters, Matrix<float> input, INetworkWorkspace workspace);

    /// <summary>As <see cref="LossAndGradients(TParameters, Matrix{float}, ReadOnlySpan{int})"/>; the gradients live in <paramref name="workspace"/>.</summary>
    TrainingStep<TGradients> LossAndGradients(TParameters parameters, Matrix<float> input, ReadOnlySpan<int> labels, INetworkWorkspace workspace);

    /// <summary>
    /// The training step in training mode: each Dropout layer draws its mask from <paramref name="noise"/> with the layer's
    /// index, so a step is a pure function of its key (the overloads without a key run Dropout as the identity). A network
    /// without Dropout gives the same as without the key.
    /// </summary>
    TrainingStep<TGradients> LossAndGradients(TParameters parameters, Matrix<float> input, ReadOnlySpan<int> labels, INetworkWorkspace workspace, Backend.DropoutKey noise);

    /// <summary>
    /// Every layer's output after the input (features × batch, channels last), by Forward: in training mode with
    /// <paramref name="noise"/> (Dropout masks from the key), in inference mode without it.
    /// </summary>
    IReadOnlyList<Matrix<float>> LayerOutputs(TParameters parameters, Matrix<float> input, Backend.DropoutKey? noise = null);

    /// <summary>As <see cref="Score(TParameters, Matrix{float}, ReadOnlySpan{int})"/>, computed in <paramref name="workspace"/>.</summary>
    BatchScore Score(TParameters parameters, Matrix<float> input, ReadOnlySpan<int> labels, INetworkWorkspace workspace);
}

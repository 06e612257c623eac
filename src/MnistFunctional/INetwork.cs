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

    /// <summary>
    /// Mean loss and number of correct predictions, without gradients: in inference mode, through <see cref="Predict(TParameters, Matrix{float})"/>'s
    /// path (values agree with the training forward pass's to rounding, as the model is run in use).
    /// </summary>
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

    // The state (BatchNorm's moving statistics) beside the parameters, as Lux keeps st beside ps. A network without
    // stateful layers has the empty state, and these members are the ones above. A network with BatchNorm overrides
    // them; its members above run with its initial state (moving mean 0, variance 1, as a freshly built Keras model).

    /// <summary>The state before any training: BatchNorm's moving mean 0 and variance 1; empty without stateful layers.</summary>
    NetworkState InitialState() => NetworkState.Empty;

    /// <summary>
    /// The training step in training mode with the network's state: BatchNorm normalises by the batch's statistics, and
    /// the returned step's <see cref="TrainingStep{TGradients}.State"/> is <paramref name="state"/> moved by them (the
    /// optimiser never sees it).
    /// </summary>
    TrainingStep<TGradients> LossAndGradients(TParameters parameters, NetworkState state, Matrix<float> input, ReadOnlySpan<int> labels, INetworkWorkspace workspace, Backend.DropoutKey noise) =>
        LossAndGradients(parameters, input, labels, workspace, noise) with { State = state };

    /// <summary>Class probabilities in inference mode (BatchNorm by the moving statistics of <paramref name="state"/>).</summary>
    Matrix<float> Predict(TParameters parameters, NetworkState state, Matrix<float> input, INetworkWorkspace workspace) => Predict(parameters, input, workspace);

    /// <summary>Mean loss and correct predictions in inference mode with <paramref name="state"/>.</summary>
    BatchScore Score(TParameters parameters, NetworkState state, Matrix<float> input, ReadOnlySpan<int> labels, INetworkWorkspace workspace) =>
        Score(parameters, input, labels, workspace);

    /// <summary>Every layer's output after the input with <paramref name="state"/>: training mode with <paramref name="noise"/>, inference mode without.</summary>
    IReadOnlyList<Matrix<float>> LayerOutputs(TParameters parameters, NetworkState state, Matrix<float> input, Backend.DropoutKey? noise = null) =>
        LayerOutputs(parameters, input, noise);
}

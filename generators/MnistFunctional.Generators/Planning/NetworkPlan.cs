using System.Linq;
using MnistFunctional.Generators.Model;

namespace MnistFunctional.Generators.Planning
{
    /// <summary>
    /// What the generated code of one network does, decided before anything is printed: per layer the training
    /// path's step (storage it shares, fused activation derivatives, whether an input gradient is needed), the
    /// inference path's steps (kernel, fusion, buffer slots) and the buffer sizes. The emitters only print it.
    /// </summary>
    /// <param name="Layers">The layers, the input first.</param>
    /// <param name="Training">One step per layer after the input, in order (Forward; Backward walks them backwards).</param>
    /// <param name="Predict">The inference path's steps in order; a fused convolution + pooling is one step.</param>
    /// <param name="FirstParameterized">The first layer with parameters: Backward stops there and needs no input gradient for it.</param>
    /// <param name="ColumnsPerExample">The largest im2col matrix of one example (floats), for the per-slice column buffers.</param>
    /// <param name="LargestOutput">The largest layer output of one example (floats), for Predict's rotating buffers.</param>
    /// <param name="PredictBuffers">
    /// Predict's buffers per slice: a layer reads one and writes the next (a fused pair uses a third between); three for
    /// a chain, more where a residual's input waits for its addition.
    /// </param>
    /// <param name="Segments">The training path's runs of layers taken slice by slice, split at each BatchNorm (which runs on the whole batch).</param>
    internal sealed record NetworkPlan(
        EquatableArray<LayerModel> Layers,
        EquatableArray<TrainingStep> Training,
        EquatableArray<PredictStep> Predict,
        int FirstParameterized,
        int ColumnsPerExample,
        int LargestOutput,
        int PredictBuffers,
        EquatableArray<TrainingSegment> Segments)
    {
        public LayerModel Last => Layers[Layers.Count - 1];

        /// <summary>Whether training differs from inference (a Dropout layer): Forward and Backward then take a noise key.</summary>
        public bool HasDropout => Layers.Any(layer => layer.Kind == LayerKind.Dropout);

        /// <summary>The layer whose output layer <paramref name="index"/> reads (the one before it in a chain).</summary>
        public LayerModel InputOf(int index) => Layers[Layers[index].Source];

        /// <summary>The residual's addition that reads <paramref name="blockLast"/>, a block's last layer (see <see cref="TrainingStep.GradientAliasesAddition"/>).</summary>
        public LayerModel AdditionAfter(int blockLast) => Layers.First(layer => layer.Kind == LayerKind.Residual && layer.Source == blockLast);

        /// <summary>Whether the network keeps state beside its parameters (BatchNorm): a generated State record, taken by Forward and Predict.</summary>
        public bool HasState => Layers.Any(layer => layer.HasState);

        /// <summary>Whether Forward and Backward take a training-mode key (Dropout draws its masks from it; BatchNorm uses the batch's statistics).</summary>
        public bool HasTrainingMode => HasDropout || HasState;

        /// <summary>The training step of layer <paramref name="index"/> (1 ≤ index &lt; layer count).</summary>
        public TrainingStep TrainingOf(int index) => Training[index - 1];
    }
}

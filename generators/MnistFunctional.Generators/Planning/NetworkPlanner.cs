using System.Collections.Generic;
using System.Linq;
using MnistFunctional.Dsl;
using MnistFunctional.Generators.Model;

namespace MnistFunctional.Generators.Planning
{
    /// <summary>
    /// Turns a network model into its <see cref="NetworkPlan"/>: a pure function, every decision the generated code
    /// embodies (storage aliasing, fused activation derivatives, Predict's kernels, fusions and buffer slots) made
    /// here, in one place, where tests can check it without reading emitted text.
    /// </summary>
    internal static class NetworkPlanner
    {
        public static NetworkPlan Plan(EquatableArray<LayerModel> model)
        {
            var layers = model.ToList();
            var firstParameterized = layers.FindIndex(layer => layer.HasParameters);
            var training = Enumerable.Range(1, layers.Count - 1).Select(i => new TrainingStep(
                Layer: i,
                ReadsCallerInput: IsInputView(layers, i - 1),
                AliasesInput: layers[i].Kind == LayerKind.Flatten,
                OwnsOutput: !IsInputView(layers, i),
                HasGradient: i >= firstParameterized,
                NeedsInputGradient: i > firstParameterized,
                AppliesBelowActivationDerivative: PoolsReluOutput(layers[i], layers[i - 1]),
                ActivationDerivativeApplied: layers[i].Kind == LayerKind.Conv && i + 1 < layers.Count && PoolsReluOutput(layers[i + 1], layers[i])));
            var columns = layers.Where(layer => layer.Kind == LayerKind.Conv).Select(ColumnsPerExample).DefaultIfEmpty(0).Max();
            return new NetworkPlan(
                model,
                new EquatableArray<TrainingStep>(training),
                new EquatableArray<PredictStep>(PlanPredict(layers)),
                firstParameterized,
                columns,
                layers.Skip(1).Max(layer => layer.Output.Size),
                new EquatableArray<TrainingSegment>(Segments(layers)));
        }

        /// <summary>The runs of layers between BatchNorm layers (each BatchNorm runs on the whole batch, outside every segment); empty runs left out.</summary>
        private static List<TrainingSegment> Segments(List<LayerModel> layers)
        {
            var segments = new List<TrainingSegment>();
            var first = 1;
            for (var i = 1; i <= layers.Count; i++)
            {
                if (i == layers.Count || layers[i].Kind == LayerKind.BatchNorm)
                {
                    if (i > first)
                    {
                        segments.Add(new TrainingSegment(first, i - 1));
                    }

                    first = i + 1;
                }
            }

            return segments;
        }

        /// <summary>Columns of a layer's kernel matrix (filters or units × this): a patch (k·k·channels) or the inputs; also its fan-in.</summary>
        public static int KernelColumns(LayerModel layer) =>
            layer.Kind == LayerKind.Conv ? layer.Window * layer.Window * layer.Input.Channels : layer.Input.Size;

        /// <summary>The im2col matrix of one example: a patch per output position.</summary>
        public static int ColumnsPerExample(LayerModel layer) =>
            KernelColumns(layer) * layer.Output.Height * layer.Output.Width;

        /// <summary>The input itself, or a Flatten of it: storage the caller owns, not the workspace.</summary>
        private static bool IsInputView(List<LayerModel> layers, int index) =>
            layers[index].Kind == LayerKind.Input || (layers[index].Kind == LayerKind.Flatten && IsInputView(layers, index - 1));

        /// <summary>
        /// A pooling layer right after a ReLU convolution applies ReLU's derivative while it routes the gradient (max
        /// pooling only passes on positive values where ReLU's derivative is 1), one pass over the gradient instead of two.
        /// </summary>
        private static bool PoolsReluOutput(LayerModel pool, LayerModel below) =>
            pool.Kind == LayerKind.Pool && below.Kind == LayerKind.Conv && below.Activation == Activation.ReLU;

        /// <summary>
        /// Predict's steps: a convolution followed by a max pooling with Keras's defaults runs fused (Winograd where shaped for it), other 3×3
        /// convolutions with output sides divisible by 3 as Winograd; each step writes the next of the three buffers.
        /// </summary>
        private static List<PredictStep> PlanPredict(List<LayerModel> layers)
        {
            var steps = new List<PredictStep>();
            var current = -1;
            int Next(int offset) => (current + offset + NetworkPlan.PredictBuffers) % NetworkPlan.PredictBuffers;
            for (var i = 1; i < layers.Count; i++)
            {
                var layer = layers[i];
                if (layer.Kind == LayerKind.Conv && i + 1 < layers.Count && layers[i + 1].IsPlainPool)
                {
                    var kernel = StartsFusedPair(layers, i) ? PredictKernel.WinogradConvPool : PredictKernel.ConvPool;
                    steps.Add(new PredictStep(i, kernel, i + 1, current, Next(1), Next(2)));
                    current = Next(1);
                    i++;
                }
                else if (layer.Kind == LayerKind.Flatten || layer.Kind == LayerKind.Dropout)
                {
                    steps.Add(new PredictStep(i, PredictKernel.Alias, -1, current, -1, -1));
                }
                else if (i == layers.Count - 1)
                {
                    // The logits and probabilities go to the workspace's output matrices.
                    steps.Add(new PredictStep(i, PredictKernel.Layer, -1, current, -1, -1));
                }
                else
                {
                    var kernel = RunsWinogradConv(layers, i) ? PredictKernel.WinogradConv : PredictKernel.Layer;
                    steps.Add(new PredictStep(i, kernel, -1, current, Next(1), -1));
                    current = Next(1);
                }
            }

            return steps;
        }

        /// <summary>A 3×3 stride-1 unpadded convolution with an element-wise activation and channel counts the Winograd kernels handle (multiples of 16).</summary>
        private static bool WinogradShaped(LayerModel layer) =>
            layer.Kind == LayerKind.Conv && layer.Window == 3 && layer.Stride == 1 && layer.Padding == Padding.Valid
            && layer.Activation != Activation.Softmax
            && layer.Input.Channels % 16 == 0 && layer.Size % 16 == 0;

        /// <summary>A Winograd-shaped convolution whose output a 2×2 pooling takes next: the two run as one kernel.</summary>
        private static bool StartsFusedPair(List<LayerModel> layers, int index) =>
            index + 1 < layers.Count && WinogradShaped(layers[index])
            && layers[index + 1].IsPlainPool && layers[index + 1].Window == 2;

        /// <summary>A Winograd-shaped convolution not fused with a pooling, whose output sides are multiples of 3.</summary>
        private static bool RunsWinogradConv(List<LayerModel> layers, int index) =>
            WinogradShaped(layers[index]) && layers[index].Output.Height % 3 == 0 && layers[index].Output.Width % 3 == 0
            && !StartsFusedPair(layers, index);
    }
}

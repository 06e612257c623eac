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
            var readers = Readers(layers);
            var needsGradient = NeedsGradient(layers);
            var training = Enumerable.Range(1, layers.Count - 1).Select(i => new TrainingStep(
                Layer: i,
                ReadsCallerInput: IsInputView(layers, layers[i].Source),
                AliasesInput: layers[i].Kind == LayerKind.Flatten,
                OwnsOutput: !IsInputView(layers, i),
                HasGradient: needsGradient[i],
                NeedsInputGradient: needsGradient[layers[i].Source],
                AppliesBelowActivationDerivative: PoolsReluOutput(layers, readers, i),
                ActivationDerivativeApplied: layers[i].Kind == LayerKind.Conv && readers[i].Count == 1 && PoolsReluOutput(layers, readers, readers[i][0]),
                AccumulatesInputGradient: needsGradient[layers[i].Source] && readers[layers[i].Source].Last() > i,
                GradientAliasesAddition: readers[i].Count == 1 && layers[readers[i][0]] is { Kind: LayerKind.Residual } addition && addition.Source == i,
                Shortcut: ShortcutOf(layers, readers, needsGradient, i),
                ShortcutReadsCallerInput: layers[i].Shortcut >= 0 && IsInputView(layers, layers[i].Shortcut)));
            var columns = layers.Where(layer => layer.Kind == LayerKind.Conv).Select(ColumnsPerExample).DefaultIfEmpty(0).Max();
            var (predict, buffers) = PlanPredict(layers, readers);
            return new NetworkPlan(
                model,
                new EquatableArray<TrainingStep>(training),
                new EquatableArray<PredictStep>(predict),
                firstParameterized,
                columns,
                layers.Skip(1).Max(layer => layer.Output.Size),
                buffers,
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
            layers[index].Kind == LayerKind.Input || (layers[index].Kind == LayerKind.Flatten && IsInputView(layers, layers[index].Source));

        /// <summary>
        /// A pooling layer right after a ReLU convolution applies ReLU's derivative while it routes the gradient (max
        /// pooling only passes on positive values where ReLU's derivative is 1), one pass over the gradient instead of two.
        /// </summary>
        private static bool PoolsReluOutput(List<LayerModel> layers, List<int>[] readers, int index) =>
            layers[index].Kind == LayerKind.Pool && layers[index].Source is var below && readers[below].Count == 1
            && layers[below].Kind == LayerKind.Conv && layers[below].Activation == Activation.ReLU;

        /// <summary>Every layer's readers in order: the layers that read its output, as their input or as a residual's shortcut.</summary>
        private static List<int>[] Readers(List<LayerModel> layers)
        {
            var readers = layers.Select(_ => new List<int>()).ToArray();
            for (var i = 1; i < layers.Count; i++)
            {
                readers[layers[i].Source].Add(i);
                if (layers[i].Shortcut >= 0 && layers[i].Shortcut != layers[i].Source)
                {
                    readers[layers[i].Shortcut].Add(i);
                }
            }

            return readers;
        }

        /// <summary>Whether Backward needs a layer's output gradient: it, or a layer it reads from, has parameters.</summary>
        private static bool[] NeedsGradient(List<LayerModel> layers)
        {
            var needs = new bool[layers.Count];
            for (var i = 1; i < layers.Count; i++)
            {
                var layer = layers[i];
                needs[i] = layer.HasParameters || needs[layer.Source] || (layer.Shortcut >= 0 && needs[layer.Shortcut]);
            }

            return needs;
        }

        /// <summary>
        /// A residual's addition passes its gradient to the shortcut: written when the addition is the shortcut's last
        /// reader (Backward meets it first), added in otherwise.
        /// </summary>
        private static ShortcutGradient ShortcutOf(List<LayerModel> layers, List<int>[] readers, bool[] needsGradient, int index)
        {
            var shortcut = layers[index].Shortcut;
            if (shortcut < 0 || !needsGradient[shortcut])
            {
                return ShortcutGradient.None;
            }

            return readers[shortcut].Last() > index ? ShortcutGradient.Add : ShortcutGradient.Copy;
        }

        /// <summary>
        /// Predict's steps: a convolution followed by a max pooling with Keras's defaults runs fused (Winograd where shaped for it), other 3×3
        /// convolutions with output sides divisible by 3 as Winograd. Each step writes the first buffer after its input's that holds
        /// nothing a later step reads — in a chain the next of three rotating buffers; a residual's input keeps its buffer until its
        /// addition, and a fourth buffer is added only when no other is free.
        /// </summary>
        private static (List<PredictStep> Steps, int Buffers) PlanPredict(List<LayerModel> layers, List<int>[] readers)
        {
            var steps = new List<PredictStep>();
            var slotOf = new int[layers.Count];
            slotOf[0] = -1;
            var busyUntil = new List<int> { 0, 0, 0 };
            int LastRead(int layer) => readers[layer].Count > 0 ? readers[layer].Last() : layer;

            // The first slot after `after` (cyclically) whose contents no step from `step` on reads; taken until `until`.
            int Take(int after, int step, int until)
            {
                for (var k = 1; k <= busyUntil.Count; k++)
                {
                    var slot = (after + k + busyUntil.Count) % busyUntil.Count;
                    if (busyUntil[slot] < step)
                    {
                        busyUntil[slot] = until;
                        return slot;
                    }
                }

                busyUntil.Add(until);
                return busyUntil.Count - 1;
            }

            for (var i = 1; i < layers.Count; i++)
            {
                var layer = layers[i];
                var input = slotOf[layer.Source];
                if (Fuses(layers, readers, i))
                {
                    var kernel = StartsFusedPair(layers, readers, i) ? PredictKernel.WinogradConvPool : PredictKernel.ConvPool;
                    var output = Take(input, i, LastRead(i + 1));
                    var between = Take(output, i, i + 1);
                    steps.Add(new PredictStep(i, kernel, i + 1, input, output, between));
                    slotOf[i + 1] = output;
                    i++;
                }
                else if (layer.Kind == LayerKind.Flatten || layer.Kind == LayerKind.Dropout)
                {
                    steps.Add(new PredictStep(i, PredictKernel.Alias, -1, input, -1, -1));
                    slotOf[i] = input;
                    if (input >= 0)
                    {
                        busyUntil[input] = System.Math.Max(busyUntil[input], LastRead(i));
                    }
                }
                else if (i == layers.Count - 1)
                {
                    // The logits and probabilities go to the workspace's output matrices.
                    steps.Add(new PredictStep(i, PredictKernel.Layer, -1, input, -1, -1));
                }
                else
                {
                    var kernel = layer.Kind == LayerKind.Residual ? PredictKernel.Add
                        : RunsWinogradConv(layers, readers, i) ? PredictKernel.WinogradConv
                        : PredictKernel.Layer;
                    var output = Take(input, i, LastRead(i));
                    var shortcut = layer.Shortcut >= 0 ? slotOf[layer.Shortcut] : -1;
                    steps.Add(new PredictStep(i, kernel, -1, input, output, -1, shortcut));
                    slotOf[i] = output;
                }
            }

            return (steps, busyUntil.Count);
        }

        /// <summary>A convolution whose only reader is a max pooling with Keras's defaults: the two run as one step.</summary>
        private static bool Fuses(List<LayerModel> layers, List<int>[] readers, int index) =>
            layers[index].Kind == LayerKind.Conv && readers[index].Count == 1 && readers[index][0] == index + 1 && layers[index + 1].IsPlainPool;

        /// <summary>A 3×3 stride-1 unpadded convolution with an element-wise activation and channel counts the Winograd kernels handle (multiples of 16).</summary>
        private static bool WinogradShaped(LayerModel layer) =>
            layer.Kind == LayerKind.Conv && layer.Window == 3 && layer.Stride == 1 && layer.Padding == Padding.Valid
            && layer.Activation != Activation.Softmax
            && layer.Input.Channels % 16 == 0 && layer.Size % 16 == 0;

        /// <summary>A Winograd-shaped convolution whose output a 2×2 pooling takes next: the two run as one kernel.</summary>
        private static bool StartsFusedPair(List<LayerModel> layers, List<int>[] readers, int index) =>
            Fuses(layers, readers, index) && WinogradShaped(layers[index]) && layers[index + 1].Window == 2;

        /// <summary>A Winograd-shaped convolution not fused with a pooling, whose output sides are multiples of 3.</summary>
        private static bool RunsWinogradConv(List<LayerModel> layers, List<int>[] readers, int index) =>
            WinogradShaped(layers[index]) && layers[index].Output.Height % 3 == 0 && layers[index].Output.Width % 3 == 0
            && !StartsFusedPair(layers, readers, index);
    }
}

using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>The spans a slice's kernel calls read and write, as the plan places them.</summary>
    internal static class Operands
    {
        /// <summary>Forward: a layer's output in the workspace, this slice's columns.</summary>
        public static string Output(LayerModel layer) => Sliced($"{Backend}.Storage.Of(workspace.{layer.Name}.Values)", OutputType(layer));

        /// <summary>Forward: a layer's input — the caller's batch or the layer below's output.</summary>
        public static string Input(NetworkPlan plan, TrainingStep step) =>
            step.ReadsCallerInput ? SlicedInput : Output(plan.InputOf(step.Layer));

        /// <summary>Backward: a layer's kept output.</summary>
        public static string Kept(LayerModel layer) => Sliced($"{Backend}.Storage.Of(activations.{layer.Name}.Values)", OutputType(layer));

        /// <summary>Backward: the gradient of a layer's output.</summary>
        public static string Gradient(LayerModel layer) => Sliced($"workspace.D{layer.Name}", OutputType(layer));

        /// <summary>
        /// Backward: the gradient of a layer's input — its branch buffer when a later reader of the input wrote the
        /// gradient first (see <see cref="BranchGradient"/>) —, or an empty span when nothing below needs it.
        /// </summary>
        public static string InputGradient(NetworkPlan plan, TrainingStep step) =>
            !step.NeedsInputGradient ? "global::System.Span<float>.Empty"
            : step.AccumulatesInputGradient ? BranchGradient(plan.InputOf(step.Layer))
            : Gradient(plan.InputOf(step.Layer));

        /// <summary>Backward: one reader's share of the gradient of a layer read by several (a residual's input), before it is added in.</summary>
        public static string BranchGradient(LayerModel layer) => Sliced($"workspace.D{layer.Name}Branch", OutputType(layer));

        /// <summary>Backward: a weighted layer's kernel and bias gradients in this slice's record.</summary>
        public static (string Kernel, string Bias) ParameterGradients(LayerModel layer, string kernelMember) =>
            ($"{Backend}.Storage.Of(gradients.{layer.Name}.{kernelMember})", $"{Backend}.Storage.Of(gradients.{layer.Name}.Bias)");

        /// <summary>Predict: one of the slice's rotating buffers, holding <paramref name="layer"/>'s output for the chunk.</summary>
        public static string Buffer(int slot, LayerModel layer) =>
            $"SliceOf(workspace.PredictBufferOf(slice, {slot}), {OutputType(layer)}.Size, 0, count)";

        /// <summary>Predict: a step's input — the caller's batch or the buffer the step before wrote.</summary>
        public static string Input(NetworkPlan plan, PredictStep step) =>
            step.InputSlot < 0 ? SlicedInput : Buffer(step.InputSlot, plan.InputOf(step.Layer));
    }
}

using System;
using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Globalization;
using MnistFunctional.Dsl;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// BatchNorm (BatchNormKernels over the channel axis): γ and β in Parameters, the moving statistics in State. Training
    /// mode runs on the whole batch between two slice segments (its statistics couple every example), keeping the batch's
    /// statistics in the workspace for Backward and UpdatedState; inference mode and Predict normalise by the state.
    /// </summary>
    internal sealed class BatchNormEmitter : WeightedLayerEmitter
    {
        public static readonly BatchNormEmitter Instance = new();

        public override string ParameterType => "BatchNormParameters";

        public override string KernelMember => "Gamma";

        public override IReadOnlyList<string> TensorMembers => new[] { "Gamma", "Beta" };

        /// <summary>The state type in MnistFunctional.Tensors and its members, in the order of the layer's state tensors.</summary>
        public const string StateType = "BatchNormState";

        public static IReadOnlyList<string> StateMembers => new[] { "MovingMean", "MovingVariance" };

        /// <summary>γ = 1, β = 0 (Keras's initialisers); draws nothing from the source, so the other layers' draws are unchanged.</summary>
        public override string Initializer(LayerModel layer) => $"{Tensors}.BatchNormParameters.Initial({layer.Input.Channels})";

        public override string FromArrays(LayerModel layer, int first) =>
            $"new {Tensors}.BatchNormParameters({Backend}.Storage.Vector(arrays[{first}]), {Backend}.Storage.Vector(arrays[{first + 1}]))";

        public override string Zeros(LayerModel layer) =>
            $"new {Tensors}.BatchNormParameters({Backend}.Storage.Vector(new float[{layer.Input.Channels}]), {Backend}.Storage.Vector(new float[{layer.Input.Channels}]))";

        /// <summary>Moving mean 0, moving variance 1 (Keras's initialisers).</summary>
        public static string InitialState(LayerModel layer) => $"{Tensors}.BatchNormState.Initial({layer.Input.Channels})";

        public static string StateFromArrays(LayerModel layer, int first) =>
            $"new {Tensors}.BatchNormState({Backend}.Storage.Vector(arrays[{first}]), {Backend}.Storage.Vector(arrays[{first + 1}]))";

        /// <summary>The layer's state moved by the batch statistics of the workspace's last training-mode Forward.</summary>
        public static string Moved(LayerModel layer) => $"state.{layer.Name}.Moved({layer.Name}Geometry, workspace.{layer.Name}Statistics)";

        public override void Geometry(IndentedTextWriter w, LayerModel layer)
        {
            var norm = (BatchNormLayer)layer.Layer;
            var positions = layer.Input.Height * layer.Input.Width;
            w.WriteLine($"private static readonly {Backend}.BatchNormGeometry {layer.Name}Geometry = new({positions}, {layer.Input.Channels}, {Float(norm.Momentum)}, {Float(norm.Epsilon)});");
        }

        public override void TypedForward(IndentedTextWriter w, NetworkPlan plan, int index)
        {
            var layer = plan.Layers[index];
            w.WriteLine($"public static {OutputType(layer)} {layer.Name}Forward(Parameters parameters, State state, {OutputType(plan.InputOf(index))} input)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine($"var values = {Backend}.Storage.Matrix({OutputType(layer)}.Size, input.BatchSize);");
            Inference(w, layer, TypedInput, "input.BatchSize", $"{Backend}.Storage.Of(values)");
            CloseTypedForward(w, "new(values)");
        }

        /// <summary>Never in a slice: the layer runs on the whole batch (<see cref="WholeBatchForward"/>).</summary>
        public override void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step) =>
            throw new InvalidOperationException("BatchNorm runs on the whole batch, between training segments.");

        /// <summary>Never in a slice: the layer runs on the whole batch (<see cref="WholeBatchBackward"/>).</summary>
        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step) =>
            throw new InvalidOperationException("BatchNorm runs on the whole batch, between training segments.");

        /// <summary>In Forward, between two segments: the batch's statistics in training mode, the state's in inference mode.</summary>
        public static void WholeBatchForward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            var x = step.ReadsCallerInput ? $"{Backend}.Storage.Of(input.Values)" : $"{Backend}.Storage.Of(workspace.{plan.InputOf(step.Layer).Name}.Values)";
            var output = $"{Backend}.Storage.Of(workspace.{layer.Name}.Values)";
            Block(
                w,
                "if (noise is not null)",
                () => Call(w, $"{Backend}.BatchNormKernels.TrainingForward", $"{layer.Name}Geometry", Gamma(layer), Beta(layer), x, "input.BatchSize", output, $"workspace.{layer.Name}Statistics"));
            Block(w, "else", () => Inference(w, layer, x, "input.BatchSize", output));
            w.WriteLine();
        }

        /// <summary>In Backward, between two segments: γ's and β's gradients into the summed record, the input's gradient for the segment below.</summary>
        public static void WholeBatchBackward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            var below = plan.InputOf(step.Layer);
            var x = step.ReadsCallerInput ? $"{Backend}.Storage.Of(activations.Input.Values)" : $"{Backend}.Storage.Of(activations.{below.Name}.Values)";
            var inputGradient = !step.NeedsInputGradient ? "global::System.Span<float>.Empty"
                : step.AccumulatesInputGradient ? $"workspace.D{below.Name}Branch"
                : $"workspace.D{below.Name}";
            Call(
                w,
                $"{Backend}.BatchNormKernels.Backward",
                $"{layer.Name}Geometry",
                Gamma(layer),
                x,
                $"workspace.{layer.Name}Statistics",
                $"workspace.D{layer.Name}",
                "activations.Input.BatchSize",
                $"{Backend}.Storage.Of(workspace.Gradients.{layer.Name}.Gamma)",
                $"{Backend}.Storage.Of(workspace.Gradients.{layer.Name}.Beta)",
                inputGradient);
            if (step.AccumulatesInputGradient)
            {
                // A residual's input read again above: this share is added to what that reader wrote.
                Call(w, $"{Backend}.GradientSum.AddInto", $"workspace.D{below.Name}", $"workspace.D{below.Name}Branch");
            }
        }

        public override void Predict(IndentedTextWriter w, NetworkPlan plan, PredictStep step)
        {
            var layer = plan.Layers[step.Layer];
            Inference(w, layer, Operands.Input(plan, step), "count", Operands.Buffer(step.OutputSlot, layer));
        }

        protected override int FanOut(LayerModel layer) => 0;

        private static void Inference(IndentedTextWriter w, LayerModel layer, string input, string batch, string output) =>
            Call(
                w,
                $"{Backend}.BatchNormKernels.InferenceForward",
                $"{layer.Name}Geometry",
                Gamma(layer),
                Beta(layer),
                $"{Backend}.Storage.Of(state.{layer.Name}.MovingMean)",
                $"{Backend}.Storage.Of(state.{layer.Name}.MovingVariance)",
                input,
                batch,
                output);

        private static string Gamma(LayerModel layer) => $"{Backend}.Storage.Of(parameters.{layer.Name}.Gamma)";

        private static string Beta(LayerModel layer) => $"{Backend}.Storage.Of(parameters.{layer.Name}.Beta)";

        private static string Float(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";
    }
}

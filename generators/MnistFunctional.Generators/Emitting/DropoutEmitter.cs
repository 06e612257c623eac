using System.CodeDom.Compiler;
using System.Globalization;
using MnistFunctional.Dsl;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// Dropout: in training mode (the call's noise key is set) DropoutKernels with the key and this layer's index, the
    /// slice's first example keeping the whole batch's mask; in inference mode a copy; Predict aliases it away.
    /// </summary>
    internal sealed class DropoutEmitter : LayerEmitter
    {
        public static readonly DropoutEmitter Instance = new();

        public override void Geometry(IndentedTextWriter w, LayerModel layer)
        {
            var rate = (float)((DropoutLayer)layer.Layer).Rate;
            w.WriteLine($"private static readonly {Backend}.DropoutGeometry {layer.Name}Geometry = new({layer.Input.Size}, {rate.ToString("R", CultureInfo.InvariantCulture)}f);");
        }

        public override void TypedForward(IndentedTextWriter w, NetworkPlan plan, int index)
        {
            var layer = plan.Layers[index];
            w.WriteLine($"public static {OutputType(layer)} {layer.Name}Forward({OutputType(plan.InputOf(index))} input) => new(input.Values);");
            w.WriteLine();
        }

        public override void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            var x = Operands.Input(plan, step);
            var output = Operands.Output(layer);
            InMode(
                w,
                layer,
                step,
                () => Call(w, $"{Backend}.DropoutKernels.Forward", $"{layer.Name}Geometry", Key(layer, step), "start", x, "count", output),
                () => w.WriteLine($"{x}.CopyTo({output});"));
        }

        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            var gradient = Operands.Gradient(layer);
            var inputGradient = Operands.InputGradient(plan, step);
            InMode(
                w,
                layer,
                step,
                () => Call(w, $"{Backend}.DropoutKernels.Backward", $"{layer.Name}Geometry", Key(layer, step), "start", gradient, "count", inputGradient),
                () => w.WriteLine($"{gradient}.CopyTo({inputGradient});"));
        }

        public override void Predict(IndentedTextWriter w, NetworkPlan plan, PredictStep step)
        {
        }

        private static string Key(LayerModel layer, TrainingStep step) => $"{Local(layer)}Noise with {{ Layer = {step.Layer} }}";

        /// <summary>The training-mode statement when the call has a noise key, the inference-mode one otherwise.</summary>
        private static void InMode(IndentedTextWriter w, LayerModel layer, TrainingStep step, System.Action training, System.Action inference)
        {
            Block(w, $"if (workspace.CallNoise is {{ }} {Local(layer)}Noise)", training);
            Block(w, "else", inference);
            w.WriteLine();
        }
    }
}

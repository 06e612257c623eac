using System.CodeDom.Compiler;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>Max pooling (stride = window, floor): PoolKernels on every path.</summary>
    internal sealed class PoolEmitter : LayerEmitter
    {
        public static readonly PoolEmitter Instance = new();

        public override void Geometry(IndentedTextWriter w, LayerModel layer) =>
            w.WriteLine($"private static readonly {Backend}.PoolGeometry {layer.Name}Geometry = new({layer.Input.Height}, {layer.Input.Width}, {layer.Input.Channels}, {layer.Window});");

        public override void TypedForward(IndentedTextWriter w, NetworkPlan plan, int index)
        {
            OpenTypedForward(w, plan, index);
            w.WriteLine($"{Backend}.PoolKernels.Forward({plan.Layers[index].Name}Geometry, {TypedInput}, input.BatchSize, {Backend}.Storage.Of(values));");
            CloseTypedForward(w, "new(values)");
        }

        public override void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            w.WriteLine($"{Backend}.PoolKernels.Forward({layer.Name}Geometry, {Operands.Input(plan, step)}, count, {Operands.Output(layer)});");
        }

        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            var relu = step.AppliesBelowActivationDerivative ? ", reluInput: true" : string.Empty;
            var x = Operands.Kept(plan.Layers[step.Layer - 1]);
            w.WriteLine($"{Backend}.PoolKernels.Backward({layer.Name}Geometry, {x}, {Operands.Kept(layer)}, {Operands.Gradient(layer)}, count, {Operands.InputGradient(plan, step)}{relu});");
        }

        public override void Predict(IndentedTextWriter w, NetworkPlan plan, PredictStep step)
        {
            var layer = plan.Layers[step.Layer];
            w.WriteLine($"{Backend}.PoolKernels.Forward({layer.Name}Geometry, {Operands.Input(plan, step)}, count, {Operands.Buffer(step.OutputSlot, layer)});");
        }
    }
}

using System.CodeDom.Compiler;
using System.Collections.Generic;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>Max pooling (any stride and padding): PoolKernels on every path.</summary>
    internal sealed class PoolEmitter : LayerEmitter
    {
        public static readonly PoolEmitter Instance = new();

        public override void Geometry(IndentedTextWriter w, LayerModel layer) =>
            w.WriteLine(PoolGeometry(layer));

        public override void TypedForward(IndentedTextWriter w, NetworkPlan plan, int index)
        {
            OpenTypedForward(w, plan, index);
            Call(w, $"{Backend}.PoolKernels.Forward", $"{plan.Layers[index].Name}Geometry", TypedInput, "input.BatchSize", $"{Backend}.Storage.Of(values)");
            CloseTypedForward(w, "new(values)");
        }

        public override void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            Call(w, $"{Backend}.PoolKernels.Forward", $"{layer.Name}Geometry", Operands.Input(plan, step), "count", Operands.Output(layer));
        }

        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            var arguments = new List<string>
            {
                $"{layer.Name}Geometry",
                Operands.Kept(plan.Layers[step.Layer - 1]),
                Operands.Kept(layer),
                Operands.Gradient(layer),
                "count",
                Operands.InputGradient(plan, step),
            };
            if (step.AppliesBelowActivationDerivative)
            {
                arguments.Add("reluInput: true");
            }

            Call(w, $"{Backend}.PoolKernels.Backward", arguments.ToArray());
        }

        public override void Predict(IndentedTextWriter w, NetworkPlan plan, PredictStep step)
        {
            var layer = plan.Layers[step.Layer];
            Call(w, $"{Backend}.PoolKernels.Forward", $"{layer.Name}Geometry", Operands.Input(plan, step), "count", Operands.Buffer(step.OutputSlot, layer));
        }
    }
}

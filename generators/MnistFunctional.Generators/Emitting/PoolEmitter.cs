using System.CodeDom.Compiler;
using System.Collections.Generic;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// Max pooling (any stride and padding): PoolKernels on every path; its backward routes each gradient to the input
    /// that won (and applies ReLU's derivative there when the plan fused it).
    /// </summary>
    internal sealed class PoolEmitter : PoolingEmitter
    {
        public static readonly PoolEmitter Instance = new();

        private PoolEmitter()
            : base($"{Backend}.PoolKernels", PoolGeometry)
        {
        }

        public override void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            if (!step.BackwardInLayerBelow)
            {
                base.Forward(w, plan, step);
                return;
            }

            // The convolution below runs this pooling's backward from where the forward sent each value.
            var layer = plan.Layers[step.Layer];
            var size = $"{OutputType(layer)}.Size";
            Call(
                w,
                $"{Backend}.PoolKernels.Forward",
                $"{layer.Name}Geometry",
                Operands.Input(plan, step),
                "count",
                Operands.Output(layer),
                $"global::System.MemoryExtensions.AsSpan(workspace.{layer.Name}Routing, start * {size}, count * {size})");
        }

        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            if (step.BackwardInLayerBelow)
            {
                w.WriteLine($"// {layer.Name}'s backward runs inside {plan.InputOf(step.Layer).Name}'s kernel gradient.");
                return;
            }

            var arguments = new List<string>
            {
                $"{layer.Name}Geometry",
                Operands.Kept(plan.InputOf(step.Layer)),
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
    }
}

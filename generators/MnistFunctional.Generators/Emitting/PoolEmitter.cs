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

        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
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

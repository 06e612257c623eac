using System.CodeDom.Compiler;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>Flatten: channels-last storage read as a vector, so no work on any path (the plan aliases its buffers).</summary>
    internal sealed class FlattenEmitter : LayerEmitter
    {
        public static readonly FlattenEmitter Instance = new();

        public override void TypedForward(IndentedTextWriter w, NetworkPlan plan, int index)
        {
            var layer = plan.Layers[index];
            w.WriteLine($"public static {OutputType(layer)} {layer.Name}Forward({OutputType(plan.InputOf(index))} input) => new(input.Values);");
            w.WriteLine();
        }

        public override void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
        }

        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step) =>
            w.WriteLine($"// {plan.Layers[step.Layer].Name} keeps the channels-last storage: its gradient buffer is {plan.InputOf(step.Layer).Name}'s.");

        public override void Predict(IndentedTextWriter w, NetworkPlan plan, PredictStep step)
        {
        }
    }
}

using System.CodeDom.Compiler;
using MnistFunctional.Generators.Planning;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>The input: it has no forward, backward or inference step of its own.</summary>
    internal sealed class InputEmitter : LayerEmitter
    {
        public static readonly InputEmitter Instance = new();

        public override void TypedForward(IndentedTextWriter w, NetworkPlan plan, int index)
        {
        }

        public override void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
        }

        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
        }

        public override void Predict(IndentedTextWriter w, NetworkPlan plan, PredictStep step)
        {
        }
    }
}

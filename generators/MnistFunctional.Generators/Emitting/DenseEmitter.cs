using System.CodeDom.Compiler;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// A fully connected layer: DenseKernels with its activation; the last layer's are the logits, with the softmax
    /// probabilities computed beside them (the loss's gradient is taken at the logits, fused with the softmax).
    /// </summary>
    internal sealed class DenseEmitter : WeightedLayerEmitter
    {
        public static readonly DenseEmitter Instance = new();

        public override string ParameterType => "DenseParameters";

        public override string KernelMember => "Weights";

        public override void TypedForward(IndentedTextWriter w, NetworkPlan plan, int index)
        {
            var layer = plan.Layers[index];
            OpenTypedForward(w, plan, index);
            if (layer == plan.Last)
            {
                Call(w, $"{Backend}.DenseKernels.Linear", $"parameters.{layer.Name}", TypedInput, "input.BatchSize", $"{Backend}.Storage.Of(values)");
                CloseTypedForward(w, $"new(values, {Backend}.SoftmaxCrossEntropy.Probabilities(values))");
            }
            else
            {
                Call(w, $"{Backend}.DenseKernels.Forward", $"parameters.{layer.Name}", ActivationOf(layer), TypedInput, "input.BatchSize", $"{Backend}.Storage.Of(values)");
                CloseTypedForward(w, "new(values)");
            }
        }

        public override void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            var x = Operands.Input(plan, step);
            if (layer == plan.Last)
            {
                Logits(w, layer, x);
            }
            else
            {
                Call(w, $"{Backend}.DenseKernels.Forward", $"parameters.{layer.Name}", ActivationOf(layer), x, "count", Operands.Output(layer), "parallel");
            }
        }

        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            var x = Operands.Kept(plan.InputOf(step.Layer));
            var (kernel, bias) = Operands.ParameterGradients(layer, KernelMember);
            var dIn = Operands.InputGradient(plan, step);
            if (layer == plan.Last)
            {
                Call(w, $"{Backend}.DenseKernels.BackwardLinear", $"parameters.{layer.Name}", x, Operands.Gradient(layer), "count", kernel, bias, dIn, "parallel");
            }
            else
            {
                Call(w, $"{Backend}.DenseKernels.Backward", $"parameters.{layer.Name}", ActivationOf(layer), x, Operands.Kept(layer), Operands.Gradient(layer), "count", kernel, bias, dIn, "parallel");
            }
        }

        public override void Predict(IndentedTextWriter w, NetworkPlan plan, PredictStep step)
        {
            var layer = plan.Layers[step.Layer];
            var x = Operands.Input(plan, step);
            if (layer == plan.Last)
            {
                Logits(w, layer, x);
            }
            else
            {
                Call(w, $"{Backend}.DenseKernels.Forward", $"parameters.{layer.Name}", ActivationOf(layer), x, "count", Operands.Buffer(step.OutputSlot, layer), "parallel");
            }
        }

        protected override int FanOut(LayerModel layer) => layer.Size;

        /// <summary>The last layer: logits, then the probabilities, both in the workspace's output matrices.</summary>
        private static void Logits(IndentedTextWriter w, LayerModel layer, string x)
        {
            var logits = Sliced($"{Backend}.Storage.Of(workspace.{layer.Name}.Logits)", OutputType(layer));
            Call(w, $"{Backend}.DenseKernels.Linear", $"parameters.{layer.Name}", x, "count", logits, "parallel");
            Call(w, $"{Backend}.SoftmaxCrossEntropy.Probabilities", logits, "Classes", Operands.Output(layer));
        }
    }
}

using System.CodeDom.Compiler;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// A residual's addition (its block's and projection's layers are ordinary layers before it): ResidualKernels adds
    /// the block's output and the shortcut and applies the activation. Backward applies the activation's derivative in
    /// place; the block's last layer reads the result as its own output gradient (the same buffer), and the shortcut
    /// gets a copy — or has it added, when a later reader of the shortcut wrote its gradient first.
    /// </summary>
    internal sealed class ResidualEmitter : LayerEmitter
    {
        public static readonly ResidualEmitter Instance = new();

        private const string Kernels = Backend + ".ResidualKernels";

        public override void TypedForward(IndentedTextWriter w, NetworkPlan plan, int index)
        {
            var layer = plan.Layers[index];
            var shortcut = plan.Layers[layer.Shortcut];
            w.WriteLine($"public static {OutputType(layer)} {layer.Name}Forward({OutputType(plan.InputOf(index))} block, {OutputType(shortcut)} shortcut)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine($"var values = {Backend}.Storage.Matrix({OutputType(layer)}.Size, block.BatchSize);");
            Call(w, $"{Kernels}.Forward", $"{Backend}.Storage.Of(block.Values)", $"{Backend}.Storage.Of(shortcut.Values)", ActivationOf(layer), $"{Backend}.Storage.Of(values)");
            CloseTypedForward(w, "new(values)");
        }

        public override void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            var shortcut = step.ShortcutReadsCallerInput ? SlicedInput : Operands.Output(plan.Layers[layer.Shortcut]);
            Call(w, $"{Kernels}.Forward", Operands.Input(plan, step), shortcut, ActivationOf(layer), Operands.Output(layer));
        }

        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            var gradient = Operands.Gradient(layer);
            if (layer.Activation != MnistFunctional.Dsl.Activation.Linear)
            {
                Call(w, $"{Kernels}.Backward", ActivationOf(layer), Operands.Kept(layer), gradient);
            }

            w.WriteLine($"// {plan.InputOf(step.Layer).Name}, the block's last layer, reads this gradient as its own: its gradient buffer is {layer.Name}'s.");
            var shortcut = Operands.Gradient(plan.Layers[layer.Shortcut]);
            switch (step.Shortcut)
            {
                case ShortcutGradient.Copy:
                    w.WriteLine($"{gradient}.CopyTo({shortcut});");
                    break;
                case ShortcutGradient.Add:
                    Call(w, $"{Backend}.GradientSum.AddInto", shortcut, gradient);
                    break;
            }
        }

        public override void Predict(IndentedTextWriter w, NetworkPlan plan, PredictStep step)
        {
            var layer = plan.Layers[step.Layer];
            var shortcut = step.ShortcutSlot < 0 ? SlicedInput : Operands.Buffer(step.ShortcutSlot, plan.Layers[layer.Shortcut]);
            Call(w, $"{Kernels}.Forward", Operands.Input(plan, step), shortcut, ActivationOf(layer), Operands.Buffer(step.OutputSlot, layer));
        }
    }
}

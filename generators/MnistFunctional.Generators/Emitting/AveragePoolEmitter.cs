using System;
using System.CodeDom.Compiler;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// Average pooling, windowed (AvgPoolKernels) or global (GlobalAvgPoolKernels, H×W×C → C): the same kernel on every
    /// path; the backward needs only the output gradient.
    /// </summary>
    internal sealed class AveragePoolEmitter : LayerEmitter
    {
        public static readonly AveragePoolEmitter Windowed = new($"{Backend}.AvgPoolKernels", PoolGeometry);

        public static readonly AveragePoolEmitter Global = new(
            $"{Backend}.GlobalAvgPoolKernels",
            layer => $"private static readonly {Backend}.GlobalPoolGeometry {layer.Name}Geometry = new({layer.Input.Height}, {layer.Input.Width}, {layer.Input.Channels});");

        private readonly string kernels;
        private readonly Func<LayerModel, string> geometry;

        private AveragePoolEmitter(string kernels, Func<LayerModel, string> geometry)
        {
            this.kernels = kernels;
            this.geometry = geometry;
        }

        public override void Geometry(IndentedTextWriter w, LayerModel layer) => w.WriteLine(geometry(layer));

        public override void TypedForward(IndentedTextWriter w, NetworkPlan plan, int index)
        {
            OpenTypedForward(w, plan, index);
            Call(w, $"{kernels}.Forward", $"{plan.Layers[index].Name}Geometry", TypedInput, "input.BatchSize", $"{Backend}.Storage.Of(values)");
            CloseTypedForward(w, "new(values)");
        }

        public override void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            Call(w, $"{kernels}.Forward", $"{layer.Name}Geometry", Operands.Input(plan, step), "count", Operands.Output(layer));
        }

        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            Call(w, $"{kernels}.Backward", $"{layer.Name}Geometry", Operands.Gradient(layer), "count", Operands.InputGradient(plan, step));
        }

        public override void Predict(IndentedTextWriter w, NetworkPlan plan, PredictStep step)
        {
            var layer = plan.Layers[step.Layer];
            Call(w, $"{kernels}.Forward", $"{layer.Name}Geometry", Operands.Input(plan, step), "count", Operands.Buffer(step.OutputSlot, layer));
        }
    }
}

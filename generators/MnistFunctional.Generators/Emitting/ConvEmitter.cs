using System.CodeDom.Compiler;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// A convolution: im2col + GEMM (ConvKernels) for training; for Predict the kernel the plan chose — on its own,
    /// fused with the pooling after it, or as a Winograd kernel with the im2col path for small batches.
    /// </summary>
    internal sealed class ConvEmitter : WeightedLayerEmitter
    {
        public static readonly ConvEmitter Instance = new();

        public override string ParameterType => "ConvParameters";

        public override string KernelMember => "Kernel";

        /// <summary>The backend class of a Winograd step's kernel.</summary>
        public static string WinogradClass(PredictStep step) =>
            step.Kernel == PredictKernel.WinogradConvPool ? $"{Backend}.WinogradConvPool" : $"{Backend}.WinogradConv";

        /// <summary>The geometries a Winograd step's kernel takes: the convolution's, and the pooling's when fused.</summary>
        public static string WinogradGeometries(NetworkPlan plan, PredictStep step) =>
            step.FusedPool >= 0 ? $"{plan.Layers[step.Layer].Name}Geometry, {plan.Layers[step.FusedPool].Name}Geometry" : $"{plan.Layers[step.Layer].Name}Geometry";

        public override void Geometry(IndentedTextWriter w, LayerModel layer) =>
            w.WriteLine($"private static readonly {Backend}.ConvGeometry {layer.Name}Geometry = new({layer.Input.Height}, {layer.Input.Width}, {layer.Input.Channels}, {layer.Size}, {layer.Window}, {layer.Stride}, {ActivationOf(layer)});");

        public override void TypedForward(IndentedTextWriter w, NetworkPlan plan, int index)
        {
            var layer = plan.Layers[index];
            OpenTypedForward(w, plan, index);
            w.WriteLine($"{Backend}.ConvKernels.Forward({layer.Name}Geometry, parameters.{layer.Name}, {TypedInput}, input.BatchSize, new float[{NetworkPlanner.ColumnsPerExample(layer)} * input.BatchSize], {Backend}.Storage.Of(values));");
            CloseTypedForward(w, "new(values)");
        }

        public override void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            w.WriteLine($"{Backend}.ConvKernels.Forward({layer.Name}Geometry, parameters.{layer.Name}, {Operands.Input(plan, step)}, count, workspace.ColumnsOf(slice), {Operands.Output(layer)}, parallel);");
        }

        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            var applied = step.ActivationDerivativeApplied ? ", activationApplied: true" : string.Empty;
            var x = Operands.Kept(plan.Layers[step.Layer - 1]);
            var grads = Operands.ParameterGradients(layer, KernelMember);
            w.WriteLine($"{Backend}.ConvKernels.Backward({layer.Name}Geometry, parameters.{layer.Name}, {x}, {Operands.Kept(layer)}, {Operands.Gradient(layer)}, count, workspace.ColumnsOf(slice), {grads}, {Operands.InputGradient(plan, step)}, parallel{applied});");
        }

        public override void Predict(IndentedTextWriter w, NetworkPlan plan, PredictStep step)
        {
            var layer = plan.Layers[step.Layer];
            var x = Operands.Input(plan, step);
            var bias = $"{Backend}.Storage.Of(parameters.{layer.Name}.Bias)";
            var im2col = $"{Backend}.ConvKernels.Forward({layer.Name}Geometry, parameters.{layer.Name}, {x}, count, workspace.PredictColumnsOf(slice), {Operands.Buffer(step.OutputSlot, layer)}, parallel);";
            switch (step.Kernel)
            {
                case PredictKernel.ConvPool:
                case PredictKernel.WinogradConvPool:
                    // The convolution's output is not kept: the pair runs as one kernel where one exists.
                    var pool = plan.Layers[step.FusedPool];
                    var output = Operands.Buffer(step.OutputSlot, pool);
                    var convPool = $"{Backend}.ConvPoolKernels.Forward({layer.Name}Geometry, {pool.Name}Geometry, parameters.{layer.Name}, {x}, count, workspace.PredictColumnsOf(slice), {Operands.Buffer(step.BetweenSlot, layer)}, {output}, parallel);";
                    if (step.Kernel == PredictKernel.WinogradConvPool)
                    {
                        var winograd = $"{Backend}.WinogradConvPool.Forward({layer.Name}Geometry, {pool.Name}Geometry, workspace.{layer.Name}WinogradKernel, {bias}, {x}, count, workspace.WinogradScratchOf(slice), {output}, parallel);";
                        WinogradChoice(w, layer, winograd, convPool);
                    }
                    else
                    {
                        w.WriteLine(convPool);
                    }

                    break;
                case PredictKernel.WinogradConv:
                    var winogradConv = $"{Backend}.WinogradConv.Forward({layer.Name}Geometry, workspace.{layer.Name}WinogradKernel, {bias}, {x}, count, workspace.WinogradScratchOf(slice), {Operands.Buffer(step.OutputSlot, layer)}, parallel);";
                    WinogradChoice(w, layer, winogradConv, im2col);
                    break;
                default:
                    w.WriteLine(im2col);
                    break;
            }
        }

        protected override int FanOut(LayerModel layer) => layer.Window * layer.Window * layer.Size;

        /// <summary>The Winograd kernel call when the batch is large enough to repay its kernel transform, the other one otherwise.</summary>
        private static void WinogradChoice(IndentedTextWriter w, LayerModel conv, string winograd, string otherwise)
        {
            w.WriteLine($"if ({conv.Name}UsesWinograd(workspace.BatchSize))");
            w.WriteLine("{");
            w.WriteLine($"    {winograd}");
            w.WriteLine("}");
            w.WriteLine("else");
            w.WriteLine("{");
            w.WriteLine($"    {otherwise}");
            w.WriteLine("}");
            w.WriteLine();
        }
    }
}

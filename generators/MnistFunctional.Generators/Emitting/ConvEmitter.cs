using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Linq;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// A convolution: the planner's training kernels (ConvKernels: im2col + GEMM, direct for one channel, a backward over
    /// a routed gradient's non-zeros); for Predict the kernel the plan chose — on its own,
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
            w.WriteLine($"private static readonly {Backend}.ConvGeometry {layer.Name}Geometry = new({layer.Input.Height}, {layer.Input.Width}, {layer.Input.Channels}, {layer.Size}, {layer.Window}, {layer.Stride}, {ActivationOf(layer)}{PaddingArgument(layer)});");

        public override void TypedForward(IndentedTextWriter w, NetworkPlan plan, int index)
        {
            var layer = plan.Layers[index];
            OpenTypedForward(w, plan, index);
            Call(
                w,
                $"{Backend}.ConvKernels.Forward",
                $"{layer.Name}Geometry",
                $"parameters.{layer.Name}",
                TypedInput,
                "input.BatchSize",
                $"new float[{NetworkPlanner.ColumnsPerExample(layer)} * input.BatchSize]",
                $"{Backend}.Storage.Of(values)",
                "parallel: true",
                KernelArgument(plan.TrainingOf(index).ConvKernel));
            CloseTypedForward(w, "new(values)");
        }

        public override void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            Call(w, $"{Backend}.ConvKernels.Forward", $"{layer.Name}Geometry", $"parameters.{layer.Name}", Operands.Input(plan, step), "count", "workspace.ColumnsOf(slice)", Operands.Output(layer), "parallel", KernelArgument(step.ConvKernel));
        }

        /// <summary>The backend's name of the planner's kernel choice.</summary>
        public static string KernelArgument(ConvTrainingKernel kernel) => $"{Backend}.ConvKernel.{kernel}";

        public override void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step)
        {
            var layer = plan.Layers[step.Layer];
            var (kernel, bias) = Operands.ParameterGradients(layer, KernelMember);
            if (step.ConvKernel == ConvTrainingKernel.SingleChannelThroughPool)
            {
                // The pooling above routes its gradient inside the kernel gradient; this layer's gradient buffer only
                // serves a CPU without the fused kernel.
                var pool = plan.Layers.First(reader => reader.Source == step.Layer);
                Call(
                    w,
                    $"{Backend}.ConvKernels.BackwardThroughPool",
                    $"{layer.Name}Geometry",
                    $"{pool.Name}Geometry",
                    $"parameters.{layer.Name}",
                    Operands.Kept(plan.InputOf(step.Layer)),
                    Operands.Kept(layer),
                    Operands.Kept(pool),
                    Operands.Gradient(pool),
                    "count",
                    Operands.Gradient(layer),
                    "workspace.ColumnsOf(slice)",
                    kernel,
                    bias,
                    "parallel",
                    $"routing: workspace.{pool.Name}RoutingFor(activations, start, count)");
                return;
            }

            var arguments = new List<string>
            {
                $"{layer.Name}Geometry",
                $"parameters.{layer.Name}",
                Operands.Kept(plan.InputOf(step.Layer)),
                Operands.Kept(layer),
                Operands.Gradient(layer),
                "count",
                "workspace.ColumnsOf(slice)",
                kernel,
                bias,
                Operands.InputGradient(plan, step),
                "parallel",
            };
            arguments.Add(step.ActivationDerivativeApplied ? "activationApplied: true" : "activationApplied: false");
            arguments.Add(KernelArgument(step.ConvKernel));
            Call(w, $"{Backend}.ConvKernels.Backward", arguments.ToArray());
        }

        public override void Predict(IndentedTextWriter w, NetworkPlan plan, PredictStep step)
        {
            var layer = plan.Layers[step.Layer];
            var x = Operands.Input(plan, step);
            var bias = $"{Backend}.Storage.Of(parameters.{layer.Name}.Bias)";
            var geometry = $"{layer.Name}Geometry";
            var winogradKernel = $"workspace.{layer.Name}WinogradKernel";
            const string Scratch = "workspace.WinogradScratchOf(slice)";
            const string Columns = "workspace.PredictColumnsOf(slice)";
            var kernel = KernelArgument(plan.TrainingOf(step.Layer).ConvKernel);
            switch (step.Kernel)
            {
                case PredictKernel.ConvPool:
                case PredictKernel.WinogradConvPool:
                    // The convolution's output is not kept: the pair runs as one kernel where one exists.
                    var pool = plan.Layers[step.FusedPool];
                    var poolGeometry = $"{pool.Name}Geometry";
                    var output = Operands.Buffer(step.OutputSlot, pool);
                    void ConvPool() => Call(
                        w, $"{Backend}.ConvPoolKernels.Forward", geometry, poolGeometry, $"parameters.{layer.Name}", x, "count", Columns, Operands.Buffer(step.BetweenSlot, layer), output, "parallel", kernel);
                    if (step.Kernel == PredictKernel.WinogradConvPool)
                    {
                        WinogradChoice(
                            w,
                            layer,
                            () => Call(w, $"{Backend}.WinogradConvPool.Forward", geometry, poolGeometry, winogradKernel, bias, x, "count", Scratch, output, "parallel"),
                            ConvPool);
                    }
                    else
                    {
                        ConvPool();
                    }

                    break;
                case PredictKernel.WinogradConv:
                    WinogradChoice(
                        w,
                        layer,
                        () => Call(w, $"{Backend}.WinogradConv.Forward", geometry, winogradKernel, bias, x, "count", Scratch, Operands.Buffer(step.OutputSlot, layer), "parallel"),
                        () => Im2Col(w, plan, step));
                    break;
                default:
                    Im2Col(w, plan, step);
                    break;
            }
        }

        protected override int FanOut(LayerModel layer) => layer.Window * layer.Window * layer.Size;

        /// <summary>Predict's im2col convolution into the step's output buffer.</summary>
        private static void Im2Col(IndentedTextWriter w, NetworkPlan plan, PredictStep step)
        {
            var layer = plan.Layers[step.Layer];
            var output = Operands.Buffer(step.OutputSlot, layer);
            Call(w, $"{Backend}.ConvKernels.Forward", $"{layer.Name}Geometry", $"parameters.{layer.Name}", Operands.Input(plan, step), "count", "workspace.PredictColumnsOf(slice)", output, "parallel", KernelArgument(plan.TrainingOf(step.Layer).ConvKernel));
        }

        /// <summary>The Winograd kernel call when the batch is large enough to repay its kernel transform, the other one otherwise.</summary>
        private static void WinogradChoice(IndentedTextWriter w, LayerModel conv, System.Action winograd, System.Action otherwise)
        {
            Block(w, $"if ({conv.Name}UsesWinograd(workspace.BatchSize))", winograd);
            Block(w, "else", otherwise);
            w.WriteLine();
        }
    }
}

using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Linq;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// The inference path: Predict keeps no activations, so each slice takes a few images at a time through the plan's
    /// steps in three small buffers of its own (they stay in the core's cache); Winograd steps get their flags,
    /// transformed kernels and scratch. The slices take the chunks of images in turn, not a fixed range each: when a
    /// core is away for a while (as on a VM), the other does the rest instead of waiting for it.
    /// </summary>
    internal static class PredictEmitter
    {
        /// <summary>
        /// Whether each Winograd kernel runs on this machine (it needs 512-bit vectors), and for which batches: the kernel
        /// is transformed once per call, which a batch must be large enough to repay.
        /// </summary>
        public static void EmitWinogradFlags(IndentedTextWriter w, NetworkPlan plan)
        {
            foreach (var step in Winograd(plan))
            {
                var name = plan.Layers[step.Layer].Name;
                var kernel = ConvEmitter.WinogradClass(step);
                w.WriteLine($"private static readonly bool {name}WinogradApplies = {kernel}.Applies({ConvEmitter.WinogradGeometries(plan, step)});");
                w.WriteLine();
                w.WriteLine($"private static bool {name}UsesWinograd(int batchSize) => {name}WinogradApplies && batchSize >= {kernel}.MinimumBatch;");
                w.WriteLine();
            }
        }

        /// <summary>Workspace members of the inference path: per-slice buffers and im2col columns for one chunk of images, each Winograd layer's transformed kernel and scratch.</summary>
        public static void EmitBuffers(IndentedTextWriter w, NetworkPlan plan)
        {
            w.WriteLine("/// <summary>Images per chunk of Predict: ForwardChunk.Images, fewer when the batch would not give each slice one.</summary>");
            w.WriteLine($"internal int PredictChunk => global::System.Math.Min({Backend}.ForwardChunk.Images, (BatchSize + Slices - 1) / Slices);");
            w.WriteLine();
            w.WriteLine("/// <summary>The first image of the next chunk no slice has taken (BatchSize or more when none is left).</summary>");
            w.WriteLine("internal int TakePredictChunk() => global::System.Threading.Interlocked.Add(ref predictChunksTaken, PredictChunk) - PredictChunk;");
            w.WriteLine();
            const string chunk = "PredictChunk";
            w.WriteLine($"internal float[] PredictBufferOf(int slice, int which) => predictBuffers[(slice * {plan.PredictBuffers}) + which] ??= new float[{plan.LargestOutput} * {chunk}];");
            w.WriteLine($"internal float[] PredictColumnsOf(int slice) => predictColumns[slice] ??= new float[{plan.ColumnsPerExample} * {chunk}];");
            var winograd = Winograd(plan);
            if (winograd.Count == 0)
            {
                return;
            }

            foreach (var step in winograd)
            {
                var layer = plan.Layers[step.Layer];
                w.WriteLine($"internal float[] {layer.Name}WinogradKernel => {Local(layer)}WinogradKernel ??= new float[{ConvEmitter.WinogradClass(step)}.KernelLength({layer.Name}Geometry)];");
            }

            var lengths = winograd.Select(step => $"{ConvEmitter.WinogradClass(step)}.ScratchLength({ConvEmitter.WinogradGeometries(plan, step)}, images)").ToList();
            var longest = lengths.Skip(1).Aggregate(lengths[0], (max, next) => $"global::System.Math.Max({max}, {next})");
            w.WriteLine($"internal float[] WinogradScratchOf(int slice) => winogradScratch[slice] ??= WinogradScratch({chunk});");
            w.WriteLine($"private static float[] WinogradScratch(int images) => new float[{longest}];");
        }

        public static void EmitFields(IndentedTextWriter w, NetworkPlan plan)
        {
            w.WriteLine("private readonly float[]?[] predictBuffers;");
            w.WriteLine("private readonly float[]?[] predictColumns;");
            w.WriteLine("private int predictChunksTaken;");
            var winograd = Winograd(plan);
            if (winograd.Count > 0)
            {
                w.WriteLine("private readonly float[]?[] winogradScratch;");
            }

            foreach (var step in winograd)
            {
                w.WriteLine($"private float[]? {Local(plan.Layers[step.Layer])}WinogradKernel;");
            }
        }

        public static void EmitConstruction(IndentedTextWriter w, NetworkPlan plan)
        {
            w.WriteLine($"predictBuffers = new float[slices * {plan.PredictBuffers}][];");
            w.WriteLine("predictColumns = new float[slices][];");
            if (Winograd(plan).Count > 0)
            {
                w.WriteLine("winogradScratch = new float[slices][];");
            }
        }

        public static void EmitPrepare(IndentedTextWriter w, NetworkPlan plan)
        {
            w.WriteLine("/// <summary>As PrepareForward, for Predict's buffers; no chunk taken yet.</summary>");
            w.WriteLine("internal void PreparePredict()");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("predictChunksTaken = 0;");
            w.WriteLine($"_ = {plan.Last.Name};");
            w.WriteLine("for (var slice = 0; slice < Slices; slice++)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("PredictColumnsOf(slice);");
            w.WriteLine($"for (var which = 0; which < {plan.PredictBuffers}; which++)");
            w.WriteLine("{");
            w.WriteLine("    PredictBufferOf(slice, which);");
            w.WriteLine("}");
            if (Winograd(plan).Count > 0)
            {
                w.WriteLine();
                w.WriteLine("WinogradScratchOf(slice);");
            }

            w.Indent--;
            w.WriteLine("}");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
        }

        public static void EmitPredict(IndentedTextWriter w, NetworkPlan plan)
        {
            var state = plan.HasState ? "State state, " : string.Empty;
            var stateArgument = plan.HasState ? "state, " : string.Empty;
            w.WriteLine(plan.HasState ? "/// <summary>Class probabilities (classes × batch); BatchNorm by the state's moving statistics.</summary>" : "/// <summary>Class probabilities (classes × batch).</summary>");
            w.WriteLine($"public static {Matrix} Predict(Parameters parameters, {state}InputBatch input) => Predict(parameters, {stateArgument}input, new Workspace(input.BatchSize));");
            w.WriteLine();
            w.WriteLine("/// <summary>");
            w.WriteLine("/// Class probabilities (classes × batch) in <paramref name=\"workspace\"/>, valid until its next use; no allocation.");
            w.WriteLine("/// Keeps no activations: a few images at a time go through every layer in small per-slice buffers, and 3×3");
            w.WriteLine("/// convolutions run as Winograd kernels (a 2×2 pooling after one fused into it) where they can, so values agree");
            w.WriteLine("/// with Forward's to rounding (not bit for bit); bit-identical between runs.");
            w.WriteLine("/// </summary>");
            w.WriteLine($"public static {Matrix} Predict(Parameters parameters, {state}InputBatch input, Workspace workspace)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("workspace.Require(input.BatchSize);");
            w.WriteLine("workspace.PreparePredict();");
            foreach (var step in Winograd(plan))
            {
                var name = plan.Layers[step.Layer].Name;
                Block(
                    w,
                    $"if ({name}UsesWinograd(input.BatchSize))",
                    () => Call(w, $"{ConvEmitter.WinogradClass(step)}.TransformKernel", $"{name}Geometry", $"{Backend}.Storage.Of(parameters.{name}.Kernel)", $"workspace.{name}WinogradKernel"));
                w.WriteLine();
            }

            w.WriteLine("(workspace.CallParameters, workspace.CallInput) = (parameters, input);");
            if (plan.HasState)
            {
                w.WriteLine("workspace.CallState = state;");
            }

            w.WriteLine("workspace.RunSlices(PredictSliceBody);");
            w.WriteLine("(workspace.CallParameters, workspace.CallInput) = (null, default);");
            if (plan.HasState)
            {
                w.WriteLine("workspace.CallState = null;");
            }

            w.WriteLine($"return workspace.{plan.Last.Name}.Values;");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            SliceBody(w, "Predict", plan.HasState ? "workspace.CallParameters!, workspace.CallState!, workspace.CallInput" : "workspace.CallParameters!, workspace.CallInput");
            w.WriteLine();
            w.WriteLine("/// <summary>Every layer over one slice of the batch, a few images at a time, each layer's output in the next of the slice's buffers.</summary>");
            w.WriteLine($"private static void PredictSlice(Parameters parameters, {state}InputBatch input, Workspace workspace, int slice)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var parallel = workspace.Slices == 1;");
            w.WriteLine("var chunk = workspace.PredictChunk;");
            w.WriteLine("for (var start = workspace.TakePredictChunk(); start < workspace.BatchSize; start = workspace.TakePredictChunk())");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var count = global::System.Math.Min(chunk, workspace.BatchSize - start);");
            foreach (var step in plan.Predict)
            {
                LayerEmitter.For(plan.Layers[step.Layer]).Predict(w, plan, step);
            }

            ChunkLoopEnd(w);
        }

        private static List<PredictStep> Winograd(NetworkPlan plan) => plan.Predict.Where(step => step.UsesWinograd).ToList();
    }
}

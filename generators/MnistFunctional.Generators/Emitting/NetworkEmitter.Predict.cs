using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Linq;
using MnistFunctional.Generators.Model;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// The inference path: Predict keeps no activations, so each slice takes a few images at a time through every
    /// layer in three small buffers of its own (they stay in the core's cache), and 3×3 convolutions run as Winograd
    /// kernels (one followed by a 2×2 pooling fused with it) where the machine, the shapes and the batch size allow it.
    /// </summary>
    internal static partial class NetworkEmitter
    {
        private const int PredictBuffers = 3;

        /// <summary>A 3×3 stride-1 convolution with an element-wise activation and channel counts the Winograd kernels handle (multiples of 16).</summary>
        private static bool WinogradShaped(LayerModel layer) =>
            layer.Kind == LayerKind.Conv && layer.Window == 3 && layer.Stride == 1
            && layer.Activation != global::MnistFunctional.Dsl.Activation.Softmax
            && layer.Input.Channels % 16 == 0 && layer.Size % 16 == 0;

        /// <summary>A Winograd-shaped convolution whose output a 2×2 pooling takes next: the two run as one kernel.</summary>
        private static bool StartsFusedPair(List<LayerModel> layers, int index) =>
            index + 1 < layers.Count && WinogradShaped(layers[index])
            && layers[index + 1].Kind == LayerKind.Pool && layers[index + 1].Window == 2;

        /// <summary>A Winograd-shaped convolution not fused with a pooling, whose output sides are multiples of 3.</summary>
        private static bool RunsWinogradConv(List<LayerModel> layers, int index) =>
            WinogradShaped(layers[index]) && layers[index].Output.Height % 3 == 0 && layers[index].Output.Width % 3 == 0
            && !StartsFusedPair(layers, index);

        /// <summary>The convolutions that have a Winograd kernel: fused with their pooling, or on their own.</summary>
        private static List<int> WinogradLayers(List<LayerModel> layers) =>
            Enumerable.Range(1, layers.Count - 1).Where(i => StartsFusedPair(layers, i) || RunsWinogradConv(layers, i)).ToList();

        private static string KernelClass(List<LayerModel> layers, int index) =>
            StartsFusedPair(layers, index) ? $"{Backend}.WinogradConvPool" : $"{Backend}.WinogradConv";

        private static string GeometryArguments(List<LayerModel> layers, int index) =>
            StartsFusedPair(layers, index) ? $"{layers[index].Name}Geometry, {layers[index + 1].Name}Geometry" : $"{layers[index].Name}Geometry";

        /// <summary>
        /// Whether each Winograd kernel runs on this machine (it needs 512-bit vectors), and for which batches: the kernel
        /// is transformed once per call, which a batch must be large enough to repay.
        /// </summary>
        private static void EmitWinogradFlags(IndentedTextWriter w, List<LayerModel> layers)
        {
            foreach (var i in WinogradLayers(layers))
            {
                var name = layers[i].Name;
                w.WriteLine($"private static readonly bool {name}WinogradApplies = {KernelClass(layers, i)}.Applies({GeometryArguments(layers, i)});");
                w.WriteLine();
                w.WriteLine($"private static bool {name}UsesWinograd(int batchSize) => {name}WinogradApplies && batchSize >= {KernelClass(layers, i)}.MinimumBatch;");
                w.WriteLine();
            }
        }

        /// <summary>Workspace members of the inference path: per-slice buffers and im2col columns for one chunk of images, each Winograd layer's transformed kernel and scratch.</summary>
        private static void EmitPredictBuffers(IndentedTextWriter w, List<LayerModel> layers)
        {
            var largest = layers.Skip(1).Max(layer => layer.Output.Size);
            var columns = layers.Where(layer => layer.Kind == LayerKind.Conv).Select(ColumnsPerExample).DefaultIfEmpty(0).Max();
            var chunk = $"global::System.Math.Min({Backend}.ForwardChunk.Images, SliceCount(slice))";
            w.WriteLine($"internal float[] PredictBufferOf(int slice, int which) => predictBuffers[(slice * {PredictBuffers}) + which] ??= new float[{largest} * {chunk}];");
            w.WriteLine($"internal float[] PredictColumnsOf(int slice) => predictColumns[slice] ??= new float[{columns} * {chunk}];");
            var winograd = WinogradLayers(layers);
            if (winograd.Count == 0)
            {
                return;
            }

            foreach (var i in winograd)
            {
                w.WriteLine($"internal float[] {layers[i].Name}WinogradKernel => {Local(layers[i])}WinogradKernel ??= new float[{KernelClass(layers, i)}.KernelLength({layers[i].Name}Geometry)];");
            }

            var lengths = winograd.Select(i => $"{KernelClass(layers, i)}.ScratchLength({GeometryArguments(layers, i)}, images)").ToList();
            var longest = lengths.Skip(1).Aggregate(lengths[0], (max, next) => $"global::System.Math.Max({max}, {next})");
            w.WriteLine($"internal float[] WinogradScratchOf(int slice) => winogradScratch[slice] ??= WinogradScratch({chunk});");
            w.WriteLine($"private static float[] WinogradScratch(int images) => new float[{longest}];");
        }

        private static void EmitPredictFields(IndentedTextWriter w, List<LayerModel> layers)
        {
            w.WriteLine("private readonly float[]?[] predictBuffers;");
            w.WriteLine("private readonly float[]?[] predictColumns;");
            var winograd = WinogradLayers(layers);
            if (winograd.Count > 0)
            {
                w.WriteLine("private readonly float[]?[] winogradScratch;");
            }

            foreach (var i in winograd)
            {
                w.WriteLine($"private float[]? {Local(layers[i])}WinogradKernel;");
            }
        }

        private static void EmitPredictConstruction(IndentedTextWriter w, List<LayerModel> layers)
        {
            w.WriteLine($"predictBuffers = new float[slices * {PredictBuffers}][];");
            w.WriteLine("predictColumns = new float[slices][];");
            if (WinogradLayers(layers).Count > 0)
            {
                w.WriteLine("winogradScratch = new float[slices][];");
            }
        }

        private static void EmitPreparePredict(IndentedTextWriter w, List<LayerModel> layers, LayerModel last)
        {
            w.WriteLine("/// <summary>As PrepareForward, for Predict's buffers.</summary>");
            w.WriteLine("internal void PreparePredict()");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine($"_ = {last.Name};");
            w.WriteLine("for (var slice = 0; slice < Slices; slice++)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("PredictColumnsOf(slice);");
            w.WriteLine($"for (var which = 0; which < {PredictBuffers}; which++)");
            w.WriteLine("{");
            w.WriteLine("    PredictBufferOf(slice, which);");
            w.WriteLine("}");
            if (WinogradLayers(layers).Count > 0)
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

        private static void EmitPredict(IndentedTextWriter w, List<LayerModel> layers, LayerModel last)
        {
            w.WriteLine("/// <summary>Class probabilities (classes × batch).</summary>");
            w.WriteLine($"public static {Matrix} Predict(Parameters parameters, InputBatch input) => Predict(parameters, input, new Workspace(input.BatchSize));");
            w.WriteLine();
            w.WriteLine("/// <summary>");
            w.WriteLine("/// Class probabilities (classes × batch) in <paramref name=\"workspace\"/>, valid until its next use; no allocation.");
            w.WriteLine("/// Keeps no activations: a few images at a time go through every layer in small per-slice buffers, and 3×3");
            w.WriteLine("/// convolutions run as Winograd kernels (a 2×2 pooling after one fused into it) where they can, so values agree");
            w.WriteLine("/// with Forward's to rounding (not bit for bit); bit-identical between runs.");
            w.WriteLine("/// </summary>");
            w.WriteLine($"public static {Matrix} Predict(Parameters parameters, InputBatch input, Workspace workspace)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("workspace.Require(input.BatchSize);");
            w.WriteLine("workspace.PreparePredict();");
            foreach (var i in WinogradLayers(layers))
            {
                w.WriteLine($"if ({layers[i].Name}UsesWinograd(input.BatchSize))");
                w.WriteLine("{");
                w.WriteLine($"    {KernelClass(layers, i)}.TransformKernel({layers[i].Name}Geometry, {Backend}.Storage.Of(parameters.{layers[i].Name}.Kernel), workspace.{layers[i].Name}WinogradKernel);");
                w.WriteLine("}");
                w.WriteLine();
            }

            w.WriteLine("(workspace.CallParameters, workspace.CallInput) = (parameters, input);");
            w.WriteLine("workspace.RunSlices(PredictSliceBody);");
            w.WriteLine("(workspace.CallParameters, workspace.CallInput) = (null, default);");
            w.WriteLine($"return workspace.{last.Name}.Values;");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            EmitSliceBody(w, "Predict", "workspace.CallParameters!, workspace.CallInput");
            w.WriteLine();
            EmitPredictSlice(w, layers, last);
        }

        /// <summary>The Winograd kernel call when the batch is large enough to repay its kernel transform, the other one otherwise.</summary>
        private static void EmitWinogradChoice(IndentedTextWriter w, LayerModel conv, string winograd, string otherwise)
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

        private static void EmitPredictSlice(IndentedTextWriter w, List<LayerModel> layers, LayerModel last)
        {
            w.WriteLine("/// <summary>Every layer over one slice of the batch, a few images at a time, each layer's output in the next of the slice's buffers.</summary>");
            w.WriteLine("private static void PredictSlice(Parameters parameters, InputBatch input, Workspace workspace, int slice)");
            EmitChunkLoopStart(w);

            // The buffer holding the current layer input; -1 while that is still the caller's input.
            var current = -1;
            string Buffer(int which, LayerModel layer) =>
                $"global::System.MemoryExtensions.AsSpan(workspace.PredictBufferOf(slice, {which}), 0, count * {OutputType(layer)}.Size)";
            string In(int i) => current < 0 ? Sliced($"{Backend}.Storage.Of(input.Values)", "InputBatch") : Buffer(current, layers[i - 1]);
            int Next(int offset) => (current + offset + PredictBuffers) % PredictBuffers;

            for (var i = 1; i < layers.Count; i++)
            {
                var layer = layers[i];
                var x = In(i);
                if (layer.Kind == LayerKind.Conv && i + 1 < layers.Count && layers[i + 1].Kind == LayerKind.Pool)
                {
                    // The convolution's output is not kept: the pair runs as one kernel where one exists.
                    var pool = layers[i + 1];
                    var (output, between) = (Next(1), Next(2));
                    var convPool = $"{Backend}.ConvPoolKernels.Forward({layer.Name}Geometry, {pool.Name}Geometry, parameters.{layer.Name}, {x}, count, workspace.PredictColumnsOf(slice), {Buffer(between, layer)}, {Buffer(output, pool)}, parallel);";
                    if (StartsFusedPair(layers, i))
                    {
                        var winograd = $"{Backend}.WinogradConvPool.Forward({layer.Name}Geometry, {pool.Name}Geometry, workspace.{layer.Name}WinogradKernel, {Backend}.Storage.Of(parameters.{layer.Name}.Bias), {x}, count, workspace.WinogradScratchOf(slice), {Buffer(output, pool)}, parallel);";
                        EmitWinogradChoice(w, layer, winograd, convPool);
                    }
                    else
                    {
                        w.WriteLine(convPool);
                    }

                    current = output;
                    i++;
                    continue;
                }

                var next = Next(1);
                if (RunsWinogradConv(layers, i))
                {
                    EmitWinogradChoice(
                        w,
                        layer,
                        $"{Backend}.WinogradConv.Forward({layer.Name}Geometry, workspace.{layer.Name}WinogradKernel, {Backend}.Storage.Of(parameters.{layer.Name}.Bias), {x}, count, workspace.WinogradScratchOf(slice), {Buffer(next, layer)}, parallel);",
                        $"{Backend}.ConvKernels.Forward({layer.Name}Geometry, parameters.{layer.Name}, {x}, count, workspace.PredictColumnsOf(slice), {Buffer(next, layer)}, parallel);");
                    current = next;
                    continue;
                }

                switch (layer.Kind)
                {
                    case LayerKind.Conv:
                        w.WriteLine($"{Backend}.ConvKernels.Forward({layer.Name}Geometry, parameters.{layer.Name}, {x}, count, workspace.PredictColumnsOf(slice), {Buffer(next, layer)}, parallel);");
                        break;
                    case LayerKind.Pool:
                        w.WriteLine($"{Backend}.PoolKernels.Forward({layer.Name}Geometry, {x}, count, {Buffer(next, layer)});");
                        break;
                    case LayerKind.Flatten:
                        continue; // the same values, read with the flattened size
                    case LayerKind.Dense when layer == last:
                        var logits = Sliced($"{Backend}.Storage.Of(workspace.{layer.Name}.Logits)", OutputType(layer));
                        w.WriteLine($"{Backend}.DenseKernels.Linear(parameters.{layer.Name}, {x}, count, {logits}, parallel);");
                        w.WriteLine($"{Backend}.SoftmaxCrossEntropy.Probabilities({logits}, Classes, {Sliced($"{Backend}.Storage.Of(workspace.{layer.Name}.Values)", OutputType(layer))});");
                        continue;
                    default:
                        w.WriteLine($"{Backend}.DenseKernels.Forward(parameters.{layer.Name}, {ActivationOf(layer)}, {x}, count, {Buffer(next, layer)}, parallel);");
                        break;
                }

                current = next;
            }

            w.Indent--;
            w.WriteLine("}");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
        }
    }
}

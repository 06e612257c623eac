using System.CodeDom.Compiler;
using System.Linq;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// The Workspace class: the buffers the plan calls for (layer outputs it owns, output gradients from the first
    /// layer with parameters up, aliases for Flatten, per-slice columns, gradients and Predict's buffers).
    /// </summary>
    internal static class WorkspaceEmitter
    {
        public static void Emit(IndentedTextWriter w, NetworkPlan plan)
        {
            var layers = plan.Layers.ToList();
            var owned = plan.Training.Where(step => step.OwnsOutput).Select(step => layers[step.Layer]).ToList();
            var ownGradient = plan.Training.Where(step => step.HasGradient && !step.GradientAliasesAddition)
                .Select(step => layers[step.Layer]).Where(layer => layer.Kind != LayerKind.Flatten).ToList();
            var branched = plan.Training.Where(step => step.AccumulatesInputGradient).Select(step => plan.InputOf(step.Layer)).Distinct().ToList();
            var routedPools = plan.Training.Where(step => step.BackwardInLayerBelow).Select(step => layers[step.Layer]).ToList();
            w.WriteLine("/// <summary>");
            w.WriteLine("/// Reusable buffers for batches of exactly <see cref=\"BatchSize\"/> examples: every layer's output and output");
            w.WriteLine("/// gradient, the parameter gradients and per-slice scratch, allocated on first use. Forward, Backward and");
            w.WriteLine("/// Predict given a workspace reuse them; what they return lives here until the workspace's next use.");
            w.WriteLine("/// The batch is split into <see cref=\"Slices\"/> fixed column ranges run in parallel; slice gradients are");
            w.WriteLine("/// summed in slice order, so results depend on the slice count only, never on thread timing.");
            w.WriteLine("/// </summary>");
            w.WriteLine("public sealed class Workspace : global::MnistFunctional.INetworkWorkspace");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("private readonly float[]?[] columns;");
            w.WriteLine($"private readonly {Backend}.SliceRunner runner;");
            w.WriteLine("private readonly Gradients?[] partials;");
            PredictEmitter.EmitFields(w, plan);
            w.WriteLine("private int[]? labels;");
            w.WriteLine("private Activations? activations;");
            foreach (var layer in owned.Where(layer => layer.Kind != LayerKind.Flatten))
            {
                w.WriteLine($"private {OutputType(layer)}? {Local(layer)};");
            }

            foreach (var layer in ownGradient)
            {
                w.WriteLine($"private float[]? d{layer.Name};");
            }

            foreach (var layer in branched)
            {
                w.WriteLine($"private float[]? d{layer.Name}Branch;");
            }

            foreach (var layer in layers.Where(layer => layer.HasState))
            {
                w.WriteLine($"private float[]? {Local(layer)}Statistics;");
            }

            foreach (var layer in routedPools)
            {
                w.WriteLine($"private byte[]? {Local(layer)}Routing;");
            }

            w.WriteLine();
            EmitConstructors(w, plan);
            w.WriteLine("public int BatchSize { get; }");
            w.WriteLine();
            w.WriteLine("/// <summary>How many fixed column ranges of the batch run in parallel.</summary>");
            w.WriteLine("public int Slices { get; }");
            w.WriteLine();
            w.WriteLine("/// <summary>An input batch the caller may fill in place; passing it to Forward reuses the cached activations record.</summary>");
            w.WriteLine($"public {Matrix} Input {{ get; }}");
            w.WriteLine();
            foreach (var step in plan.Training.Where(step => step.OwnsOutput))
            {
                var layer = layers[step.Layer];
                var type = OutputType(layer);
                var create = step.AliasesInput
                    ? $"new({plan.InputOf(step.Layer).Name}.Values)"
                    : layer == plan.Last
                        ? $"{Local(layer)} ??= new({Backend}.Storage.Matrix({type}.Size, BatchSize), {Backend}.Storage.Matrix({type}.Size, BatchSize))"
                        : $"{Local(layer)} ??= new({Backend}.Storage.Matrix({type}.Size, BatchSize))";
                w.WriteLine($"internal {type} {layer.Name} => {create};");
            }

            foreach (var step in plan.Training.Where(step => step.HasGradient))
            {
                var layer = layers[step.Layer];
                var create = step.AliasesInput
                    ? $"D{plan.InputOf(step.Layer).Name}"
                    : step.GradientAliasesAddition
                        ? $"D{plan.AdditionAfter(step.Layer).Name}"
                        : $"d{layer.Name} ??= new float[{OutputType(layer)}.Size * BatchSize]";
                w.WriteLine($"internal float[] D{layer.Name} => {create};");
            }

            foreach (var layer in branched)
            {
                w.WriteLine($"internal float[] D{layer.Name}Branch => d{layer.Name}Branch ??= new float[{OutputType(layer)}.Size * BatchSize];");
            }

            if (routedPools.Count > 0)
            {
                w.WriteLine();
                w.WriteLine("/// <summary>The activations record whose poolings' routing the last Forward recorded (null while a Forward runs).</summary>");
                w.WriteLine("internal Activations? Routed;");
                foreach (var layer in routedPools)
                {
                    var size = $"{OutputType(layer)}.Size";
                    w.WriteLine();
                    w.WriteLine($"/// <summary>Where {layer.Name}'s forward sent each value's gradient (a byte per pooled value), for the convolution below's backward.</summary>");
                    w.WriteLine($"internal byte[] {layer.Name}Routing => {Local(layer)}Routing ??= new byte[{size} * BatchSize];");
                    w.WriteLine();
                    w.WriteLine($"/// <summary>{layer.Name}'s routing of examples [start, start + count) when it belongs to <paramref name=\"activations\"/>; empty otherwise (the backward then finds it).</summary>");
                    w.WriteLine($"internal global::System.ReadOnlySpan<byte> {layer.Name}RoutingFor(Activations activations, int start, int count) =>");
                    w.WriteLine($"    ReferenceEquals(activations, Routed) ? global::System.MemoryExtensions.AsSpan({layer.Name}Routing, start * {size}, count * {size}) : default;");
                }
            }

            if (plan.HasState)
            {
                w.WriteLine();
                foreach (var layer in layers.Where(layer => layer.HasState))
                {
                    w.WriteLine($"/// <summary>{layer.Name}'s batch mean and biased variance per channel, from the last training-mode Forward.</summary>");
                    w.WriteLine($"internal float[] {layer.Name}Statistics => {Local(layer)}Statistics ??= new float[{layer.Name}Geometry.StatisticsLength];");
                    w.WriteLine();
                }

                w.WriteLine("/// <summary>Whether the last Forward ran in training mode, so the statistics above are its batch's.</summary>");
                w.WriteLine("internal bool HasBatchStatistics { get; set; }");
            }

            w.WriteLine();
            w.WriteLine("/// <summary>The summed gradients (slice 0 writes here directly).</summary>");
            w.WriteLine("internal Gradients Gradients => GradientsOf(0);");
            w.WriteLine();
            w.WriteLine("internal int[] Labels => labels ??= new int[BatchSize];");
            w.WriteLine();
            w.WriteLine("// The arguments of the call in progress, read by the slices (a static body, so no closure per call).");
            w.WriteLine("internal Parameters? CallParameters;");
            w.WriteLine("internal InputBatch CallInput;");
            w.WriteLine("internal Activations? CallActivations;");
            if (plan.HasDropout)
            {
                w.WriteLine($"internal {TrainingEmitter.Noise} CallNoise;");
            }

            if (plan.HasState)
            {
                w.WriteLine("internal State? CallState;");
            }
            w.WriteLine();
            w.WriteLine("internal void RunSlices(global::System.Action<object, int> body) => runner.Run(this, body);");
            w.WriteLine();
            w.WriteLine("internal int SliceStart(int slice) => (int)((long)slice * BatchSize / Slices);");
            w.WriteLine();
            w.WriteLine("internal int SliceCount(int slice) => SliceStart(slice + 1) - SliceStart(slice);");
            w.WriteLine();
            w.WriteLine($"internal float[] ColumnsOf(int slice) => columns[slice] ??= new float[{plan.ColumnsPerExample} * SliceCount(slice)];");
            w.WriteLine();
            PredictEmitter.EmitBuffers(w, plan);
            w.WriteLine();
            var weighted = TensorRecordEmitter.Weighted(plan);
            w.WriteLine("internal Gradients GradientsOf(int slice) => partials[slice] ??= new(");
            w.Indent++;
            for (var i = 0; i < weighted.Count; i++)
            {
                w.WriteLine(weighted[i].Emitter.Zeros(weighted[i].Layer) + (i < weighted.Count - 1 ? "," : ");"));
            }

            w.Indent--;
            w.WriteLine();
            w.WriteLine("/// <summary>The activations record over this workspace's buffers, built again only when the input matrix changes.</summary>");
            w.WriteLine("internal Activations ActivationsFor(InputBatch input) =>");
            w.WriteLine("    activations is { } cached && ReferenceEquals(cached.Input.Values, input.Values)");
            w.WriteLine("        ? cached");
            var members = plan.Training.Select(step => step.OwnsOutput ? layers[step.Layer].Name : "new(input.Values)");
            w.WriteLine($"        : activations = new Activations(input, {string.Join(", ", members)});");
            w.WriteLine();
            w.WriteLine("/// <summary>Allocates what the slices share before they run, so lazy creation never races.</summary>");
            w.WriteLine("internal void PrepareForward(InputBatch input)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("ActivationsFor(input);");
            foreach (var layer in routedPools)
            {
                w.WriteLine($"_ = {layer.Name}Routing;");
            }

            w.WriteLine("for (var slice = 0; slice < Slices; slice++)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("ColumnsOf(slice);");
            w.Indent--;
            w.WriteLine("}");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            PredictEmitter.EmitPrepare(w, plan);
            w.WriteLine("internal void PrepareBackward()");
            w.WriteLine("{");
            w.Indent++;
            foreach (var layer in ownGradient)
            {
                w.WriteLine($"_ = D{layer.Name};");
            }

            foreach (var layer in branched)
            {
                w.WriteLine($"_ = D{layer.Name}Branch;");
            }

            w.WriteLine("for (var slice = 0; slice < Slices; slice++)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("ColumnsOf(slice);");
            w.WriteLine("GradientsOf(slice);");
            w.Indent--;
            w.WriteLine("}");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            w.WriteLine("internal void Require(int batchSize)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("if (batchSize != BatchSize)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("throw new global::System.ArgumentException($\"The workspace holds batches of {BatchSize} examples, not {batchSize}.\");");
            w.Indent--;
            w.WriteLine("}");
            w.Indent--;
            w.WriteLine("}");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
        }

        private static void EmitConstructors(IndentedTextWriter w, NetworkPlan plan)
        {
            w.WriteLine("/// <summary>A workspace that splits the batch across the machine's cores (at most one example per slice).</summary>");
            w.WriteLine("public Workspace(int batchSize)");
            w.WriteLine("    : this(batchSize, global::System.Math.Max(1, global::System.Math.Min(batchSize, global::System.Environment.ProcessorCount)))");
            w.WriteLine("{");
            w.WriteLine("}");
            w.WriteLine();
            w.WriteLine("public Workspace(int batchSize, int slices)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("if (batchSize <= 0)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("throw new global::System.ArgumentOutOfRangeException(nameof(batchSize), batchSize, \"A workspace needs batches of at least one example.\");");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            w.WriteLine("if (slices <= 0 || slices > batchSize)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("throw new global::System.ArgumentOutOfRangeException(nameof(slices), slices, \"Slices must be between 1 and the batch size.\");");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            w.WriteLine("BatchSize = batchSize;");
            w.WriteLine("Slices = slices;");
            w.WriteLine($"Input = {Backend}.Storage.Matrix(InputBatch.Size, batchSize);");
            w.WriteLine("columns = new float[slices][];");
            w.WriteLine($"runner = new {Backend}.SliceRunner(slices);");
            w.WriteLine("partials = new Gradients[slices];");
            PredictEmitter.EmitConstruction(w, plan);
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
        }
    }
}

using System.CodeDom.Compiler;
using System.Linq;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>The training path: Forward (keeps every output) and Backward (the chain rule unrolled over the plan's steps).</summary>
    internal static class TrainingEmitter
    {
        /// <summary>The training-mode key type of Forward and Backward (networks with Dropout).</summary>
        public const string Noise = Backend + ".DropoutKey?";

        /// <summary>Hands the call's noise key to the slices through the workspace (networks with Dropout).</summary>
        private static void SetNoise(IndentedTextWriter w, NetworkPlan plan, string value)
        {
            if (plan.HasDropout)
            {
                w.WriteLine($"workspace.CallNoise = {value};");
            }
        }

        public static void EmitForward(IndentedTextWriter w, NetworkPlan plan)
        {
            if (plan.HasState)
            {
                EmitStatefulForwardEntries(w);
            }
            else
            {
                EmitForwardEntries(w, plan);
            }

            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("workspace.Require(input.BatchSize);");
            w.WriteLine("workspace.PrepareForward(input);");
            var routes = plan.Training.Any(step => step.BackwardInLayerBelow);
            if (routes)
            {
                w.WriteLine("workspace.Routed = null;");
            }

            w.WriteLine("(workspace.CallParameters, workspace.CallInput) = (parameters, input);");
            SetNoise(w, plan, "noise");
            ForEachSegment(plan, descending: false, (segment, suffix) => w.WriteLine($"workspace.RunSlices(ForwardSlice{suffix}Body);"), step => BatchNormEmitter.WholeBatchForward(w, plan, step));
            w.WriteLine("(workspace.CallParameters, workspace.CallInput) = (null, default);");
            SetNoise(w, plan, "null");
            if (plan.HasState)
            {
                w.WriteLine("workspace.HasBatchStatistics = noise is not null;");
            }

            // The record returned is the one whose routing this Forward recorded.
            w.WriteLine(routes ? "return workspace.Routed = workspace.ActivationsFor(input);" : "return workspace.ActivationsFor(input);");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            for (var s = 0; s < plan.Segments.Count; s++)
            {
                var segment = plan.Segments[s];
                var suffix = Suffix(s);
                SliceBody(w, "Forward", "workspace.CallParameters!, workspace.CallInput", suffix);
                w.WriteLine();
                w.WriteLine(plan.Segments.Count == 1
                    ? "/// <summary>Every layer over one slice of the batch, a few images at a time; a single slice lets the matrix products use every core instead.</summary>"
                    : $"/// <summary>Layers {plan.Layers[segment.First].Name} to {plan.Layers[segment.Last].Name} over one slice of the batch, a few images at a time; a single slice lets the matrix products use every core instead.</summary>");
                w.WriteLine($"private static void ForwardSlice{suffix}(Parameters parameters, InputBatch input, Workspace workspace, int slice)");
                ChunkLoopStart(w);
                foreach (var step in plan.Training.Where(step => segment.Contains(step.Layer)))
                {
                    LayerEmitter.For(plan.Layers[step.Layer]).Forward(w, plan, step);
                }

                ChunkLoopEnd(w);
            }

            if (plan.HasState)
            {
                EmitUpdatedState(w, plan);
            }
        }

        /// <summary>The next state, a pure function of the old one and the batch statistics the last training-mode Forward kept.</summary>
        private static void EmitUpdatedState(IndentedTextWriter w, NetworkPlan plan)
        {
            var stateful = plan.Layers.Where(layer => layer.HasState).ToList();
            w.WriteLine("/// <summary>");
            w.WriteLine("/// The state after the workspace's last training-mode Forward, a new value (<paramref name=\"state\"/> is unchanged): each");
            w.WriteLine("/// BatchNorm's moving statistics as moving·momentum + batch·(1 − momentum), with the batch's biased variance (Keras 3).");
            w.WriteLine("/// </summary>");
            w.WriteLine("public static State UpdatedState(State state, Workspace workspace)");
            w.WriteLine("{");
            w.Indent++;
            Block(
                w,
                "if (!workspace.HasBatchStatistics)",
                () => w.WriteLine("throw new global::System.InvalidOperationException(\"UpdatedState needs a training-mode Forward (with a noise key) in this workspace first.\");"));
            w.WriteLine();
            w.WriteLine("return new State(");
            w.Indent++;
            for (var i = 0; i < stateful.Count; i++)
            {
                w.WriteLine(BatchNormEmitter.Moved(stateful[i]) + (i < stateful.Count - 1 ? "," : ");"));
            }

            w.Indent--;
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
        }

        /// <summary>The name suffix of segment <paramref name="index"/>'s slice functions: none for the first (so a network without BatchNorm reads as before), else its number.</summary>
        private static string Suffix(int index) => index == 0 ? string.Empty : (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>
        /// Walks the training layers in order (or in reverse): each segment once, at its first layer (its last in reverse),
        /// and each BatchNorm between them.
        /// </summary>
        private static void ForEachSegment(NetworkPlan plan, bool descending, System.Action<TrainingSegment, string> segment, System.Action<TrainingStep> batchNorm)
        {
            var steps = descending ? plan.Training.Reverse() : plan.Training;
            foreach (var step in steps)
            {
                var index = -1;
                for (var s = 0; s < plan.Segments.Count; s++)
                {
                    if ((descending ? plan.Segments[s].Last : plan.Segments[s].First) == step.Layer)
                    {
                        index = s;
                    }
                }

                if (index >= 0)
                {
                    segment(plan.Segments[index], Suffix(index));
                }
                else if (plan.Layers[step.Layer].Kind == Model.LayerKind.BatchNorm)
                {
                    batchNorm(step);
                }
            }
        }

        /// <summary>The Forward overloads and the signature of the one that runs (networks without state).</summary>
        private static void EmitForwardEntries(IndentedTextWriter w, NetworkPlan plan)
        {
            w.WriteLine("/// <summary>Runs every layer and keeps every output (what Backward needs), in fresh buffers.</summary>");
            w.WriteLine("public static Activations Forward(Parameters parameters, InputBatch input) => Forward(parameters, input, new Workspace(input.BatchSize));");
            w.WriteLine();
            w.WriteLine("/// <summary>Runs every layer into <paramref name=\"workspace\"/>'s buffers, its slices in parallel; valid until the workspace's next use.</summary>");
            if (plan.HasDropout)
            {
                w.WriteLine("public static Activations Forward(Parameters parameters, InputBatch input, Workspace workspace) => Forward(parameters, input, workspace, null);");
                w.WriteLine();
                w.WriteLine("/// <summary>");
                w.WriteLine("/// As Forward, in training mode when <paramref name=\"noise\"/> is given: each Dropout layer's mask comes from the key with");
                w.WriteLine("/// the layer's index (Backward must get the same key); without it, inference mode (Dropout is the identity).");
                w.WriteLine("/// </summary>");
                w.WriteLine($"public static Activations Forward(Parameters parameters, InputBatch input, Workspace workspace, {Noise} noise)");
            }
            else
            {
                w.WriteLine("public static Activations Forward(Parameters parameters, InputBatch input, Workspace workspace)");
            }
        }

        /// <summary>The Forward overloads of a network with state, the signature of the one that runs, and UpdatedState.</summary>
        private static void EmitStatefulForwardEntries(IndentedTextWriter w)
        {
            w.WriteLine("/// <summary>Runs every layer in inference mode (BatchNorm by the state's moving statistics) and keeps every output, in fresh buffers.</summary>");
            w.WriteLine("public static Activations Forward(Parameters parameters, State state, InputBatch input) => Forward(parameters, state, input, new Workspace(input.BatchSize));");
            w.WriteLine();
            w.WriteLine("/// <summary>As Forward in inference mode, into <paramref name=\"workspace\"/>'s buffers, its slices in parallel; valid until the workspace's next use.</summary>");
            w.WriteLine("public static Activations Forward(Parameters parameters, State state, InputBatch input, Workspace workspace) => Forward(parameters, state, input, workspace, null);");
            w.WriteLine();
            w.WriteLine("/// <summary>");
            w.WriteLine("/// As Forward, in training mode when <paramref name=\"noise\"/> is given: each BatchNorm normalises by the batch's statistics");
            w.WriteLine("/// (kept in the workspace for Backward and UpdatedState; <paramref name=\"state\"/> is not read) and each Dropout layer's");
            w.WriteLine("/// mask comes from the key with the layer's index; without it, inference mode. Each BatchNorm runs on the whole");
            w.WriteLine("/// batch between the slices of the layers around it.");
            w.WriteLine("/// </summary>");
            w.WriteLine($"public static Activations Forward(Parameters parameters, State state, InputBatch input, Workspace workspace, {Noise} noise)");
        }

        public static void EmitBackward(IndentedTextWriter w, NetworkPlan plan)
        {
            if (plan.HasState)
            {
                EmitStatefulBackwardEntry(w);
            }
            else
            {
                EmitBackwardEntries(w, plan);
            }

            w.WriteLine("{");
            w.Indent++;
            w.WriteLine($"{Tensors}.TensorChecks.RequireLabels(labels, activations.Input.BatchSize, Classes);");
            w.WriteLine("workspace.Require(activations.Input.BatchSize);");
            if (plan.HasState)
            {
                Block(
                    w,
                    "if (!workspace.HasBatchStatistics)",
                    () => w.WriteLine("throw new global::System.InvalidOperationException(\"Backward needs the activations of a training-mode Forward (with a noise key) in this workspace: BatchNorm's gradients use the batch's statistics.\");"));
                w.WriteLine();
            }

            w.WriteLine("labels.CopyTo(workspace.Labels);");
            w.WriteLine("workspace.PrepareBackward();");
            w.WriteLine("(workspace.CallParameters, workspace.CallActivations) = (parameters, activations);");
            SetNoise(w, plan, "noise");
            ForEachSegment(
                plan,
                descending: true,
                (segment, suffix) =>
                {
                    if (HasGradientIn(plan, segment))
                    {
                        w.WriteLine($"workspace.RunSlices(BackwardSlice{suffix}Body);");
                    }
                },
                step =>
                {
                    if (step.HasGradient)
                    {
                        BatchNormEmitter.WholeBatchBackward(w, plan, step);
                    }
                });
            w.WriteLine("(workspace.CallParameters, workspace.CallActivations) = (null, null);");
            SetNoise(w, plan, "null");
            w.WriteLine();
            w.WriteLine("var gradients = workspace.Gradients;");
            w.WriteLine("for (var slice = 1; slice < workspace.Slices; slice++)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var part = workspace.GradientsOf(slice);");
            // A BatchNorm's gradients are whole-batch sums written into the total directly; the slices' parts stay zero.
            foreach (var (layer, emitter) in TensorRecordEmitter.Weighted(plan).Where(pair => !pair.Layer.HasState))
            {
                foreach (var member in emitter.TensorMembers)
                {
                    Call(w, $"{Backend}.GradientSum.AddInto", $"{Backend}.Storage.Of(gradients.{layer.Name}.{member})", $"{Backend}.Storage.Of(part.{layer.Name}.{member})");
                }
            }

            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            w.WriteLine("return gradients;");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();

            for (var s = plan.Segments.Count - 1; s >= 0; s--)
            {
                var segment = plan.Segments[s];
                if (!HasGradientIn(plan, segment))
                {
                    continue;
                }

                var suffix = Suffix(s);
                var top = s == plan.Segments.Count - 1;
                SliceBody(w, "Backward", "workspace.CallParameters!, workspace.CallActivations!", suffix);
                w.WriteLine();
                w.WriteLine(plan.Segments.Count == 1
                    ? "/// <summary>The chain rule over one slice of the batch, into that slice's gradient buffers.</summary>"
                    : $"/// <summary>The chain rule from {plan.Layers[segment.Last].Name} down to {plan.Layers[segment.First].Name} over one slice of the batch, into that slice's gradient buffers.</summary>");
                w.WriteLine($"private static void BackwardSlice{suffix}(Parameters parameters, Activations activations, Workspace workspace, int slice)");
                w.WriteLine("{");
                w.Indent++;
                w.WriteLine("var start = workspace.SliceStart(slice);");
                w.WriteLine("var count = workspace.SliceCount(slice);");
                w.WriteLine("var parallel = workspace.Slices == 1;");
                w.WriteLine("var gradients = workspace.GradientsOf(slice);");
                if (top)
                {
                    var last = plan.Last;
                    Call(
                        w,
                        $"{Backend}.SoftmaxCrossEntropy.LogitGradient",
                        Operands.Kept(last),
                        "Classes",
                        "global::System.MemoryExtensions.AsSpan(workspace.Labels, start, count)",
                        Operands.Gradient(last),
                        "1f / workspace.BatchSize");
                }

                foreach (var step in plan.Training.Reverse().Where(step => step.HasGradient && segment.Contains(step.Layer)))
                {
                    LayerEmitter.For(plan.Layers[step.Layer]).Backward(w, plan, step);
                    if (step.AccumulatesInputGradient)
                    {
                        var input = plan.InputOf(step.Layer);
                        Call(w, $"{Backend}.GradientSum.AddInto", Operands.Gradient(input), Operands.BranchGradient(input));
                    }
                }

                w.Indent--;
                w.WriteLine("}");
                w.WriteLine();
            }
        }

        /// <summary>Whether Backward has work in a segment: a layer in it needs its output gradient.</summary>
        private static bool HasGradientIn(NetworkPlan plan, TrainingSegment segment) =>
            plan.Training.Any(step => step.HasGradient && segment.Contains(step.Layer));

        /// <summary>The one Backward of a network with state: its activations' workspace holds the batch statistics BatchNorm needs.</summary>
        private static void EmitStatefulBackwardEntry(IndentedTextWriter w)
        {
            w.WriteLine("/// <summary>");
            w.WriteLine("/// Gradients of the mean softmax cross-entropy loss, by the chain rule unrolled over the layers at compile time (no");
            w.WriteLine("/// tape), for the activations of a training-mode Forward into <paramref name=\"workspace\"/> with the same");
            w.WriteLine("/// <paramref name=\"noise\"/> key (BatchNorm's gradients use the batch statistics kept there): the gradient at the");
            w.WriteLine("/// logits is (p − onehot) / batch. Slices in parallel, summed in slice order; each BatchNorm on the whole batch.");
            w.WriteLine("/// </summary>");
            w.WriteLine($"public static Gradients Backward(Parameters parameters, Activations activations, global::System.ReadOnlySpan<int> labels, Workspace workspace, {Noise} noise)");
        }

        /// <summary>The Backward overloads and the signature of the one that runs (networks without state).</summary>
        private static void EmitBackwardEntries(IndentedTextWriter w, NetworkPlan plan)
        {
            w.WriteLine("/// <summary>");
            w.WriteLine("/// Gradients of the mean softmax cross-entropy loss, by the chain rule unrolled over the layers");
            w.WriteLine("/// at compile time (no tape): the gradient at the logits is (p − onehot) / batch. Fresh buffers.");
            w.WriteLine("/// </summary>");
            w.WriteLine("public static Gradients Backward(Parameters parameters, Activations activations, global::System.ReadOnlySpan<int> labels) =>");
            w.WriteLine("    Backward(parameters, activations, labels, new Workspace(activations.Input.BatchSize));");
            w.WriteLine();
            w.WriteLine("/// <summary>As Backward, into <paramref name=\"workspace\"/>'s buffers (the activations are only read), slices in parallel, summed in slice order.</summary>");
            const string Signature = "public static Gradients Backward(Parameters parameters, Activations activations, global::System.ReadOnlySpan<int> labels, Workspace workspace";
            if (plan.HasDropout)
            {
                w.WriteLine($"{Signature}) => Backward(parameters, activations, labels, workspace, null);");
                w.WriteLine();
                w.WriteLine("/// <summary>As Backward, for activations of a training-mode Forward with the same <paramref name=\"noise\"/> key.</summary>");
                w.WriteLine($"{Signature}, {Noise} noise)");
            }
            else
            {
                w.WriteLine($"{Signature})");
            }
        }
    }
}

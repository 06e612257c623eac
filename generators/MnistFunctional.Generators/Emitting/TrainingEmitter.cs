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

            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("workspace.Require(input.BatchSize);");
            w.WriteLine("workspace.PrepareForward(input);");
            w.WriteLine("(workspace.CallParameters, workspace.CallInput) = (parameters, input);");
            SetNoise(w, plan, "noise");
            w.WriteLine("workspace.RunSlices(ForwardSliceBody);");
            w.WriteLine("(workspace.CallParameters, workspace.CallInput) = (null, default);");
            SetNoise(w, plan, "null");
            w.WriteLine("return workspace.ActivationsFor(input);");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            SliceBody(w, "Forward", "workspace.CallParameters!, workspace.CallInput");
            w.WriteLine();
            w.WriteLine("/// <summary>Every layer over one slice of the batch, a few images at a time; a single slice lets the matrix products use every core instead.</summary>");
            w.WriteLine("private static void ForwardSlice(Parameters parameters, InputBatch input, Workspace workspace, int slice)");
            ChunkLoopStart(w);
            foreach (var step in plan.Training)
            {
                LayerEmitter.For(plan.Layers[step.Layer]).Forward(w, plan, step);
            }

            ChunkLoopEnd(w);
        }

        public static void EmitBackward(IndentedTextWriter w, NetworkPlan plan)
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

            w.WriteLine("{");
            w.Indent++;
            w.WriteLine($"{Tensors}.TensorChecks.RequireLabels(labels, activations.Input.BatchSize, Classes);");
            w.WriteLine("workspace.Require(activations.Input.BatchSize);");
            w.WriteLine("labels.CopyTo(workspace.Labels);");
            w.WriteLine("workspace.PrepareBackward();");
            w.WriteLine("(workspace.CallParameters, workspace.CallActivations) = (parameters, activations);");
            SetNoise(w, plan, "noise");
            w.WriteLine("workspace.RunSlices(BackwardSliceBody);");
            w.WriteLine("(workspace.CallParameters, workspace.CallActivations) = (null, null);");
            SetNoise(w, plan, "null");
            w.WriteLine();
            w.WriteLine("var gradients = workspace.Gradients;");
            w.WriteLine("for (var slice = 1; slice < workspace.Slices; slice++)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var part = workspace.GradientsOf(slice);");
            foreach (var (layer, emitter) in TensorRecordEmitter.Weighted(plan))
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

            SliceBody(w, "Backward", "workspace.CallParameters!, workspace.CallActivations!");
            w.WriteLine();
            w.WriteLine("/// <summary>The chain rule over one slice of the batch, into that slice's gradient buffers.</summary>");
            w.WriteLine("private static void BackwardSlice(Parameters parameters, Activations activations, Workspace workspace, int slice)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var start = workspace.SliceStart(slice);");
            w.WriteLine("var count = workspace.SliceCount(slice);");
            w.WriteLine("var parallel = workspace.Slices == 1;");
            w.WriteLine("var gradients = workspace.GradientsOf(slice);");
            var last = plan.Last;
            Call(
                w,
                $"{Backend}.SoftmaxCrossEntropy.LogitGradient",
                Operands.Kept(last),
                "Classes",
                "global::System.MemoryExtensions.AsSpan(workspace.Labels, start, count)",
                Operands.Gradient(last),
                "1f / workspace.BatchSize");
            foreach (var step in plan.Training.Reverse().Where(step => step.HasGradient))
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
}

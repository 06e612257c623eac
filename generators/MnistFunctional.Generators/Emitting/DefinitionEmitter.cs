using System.CodeDom.Compiler;
using System.Linq;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>Loss, Predict and the network as an <c>INetwork</c> value (the Definition class code written once for every network calls).</summary>
    internal static class DefinitionEmitter
    {
        /// <summary>The longest line the layer outputs' list is printed on; a longer one gets one output per line.</summary>
        private const int MaxLineLength = 300;

        public static void Emit(IndentedTextWriter w, NetworkModel network, NetworkPlan plan)
        {
            var last = plan.Last;
            w.WriteLine("/// <summary>Mean softmax cross-entropy of a forward pass, computed from the logits (log-sum-exp).</summary>");
            w.WriteLine("public static float Loss(Activations activations, global::System.ReadOnlySpan<int> labels) =>");
            w.WriteLine($"    {Backend}.SoftmaxCrossEntropy.Loss(activations.{last.Name}.Logits, labels);");
            w.WriteLine();
            PredictEmitter.EmitPredict(w, plan);
            w.WriteLine("/// <summary>The network as a value, for code written once for every network (training, files, backends).</summary>");
            w.WriteLine("public static global::MnistFunctional.INetwork<Parameters, Gradients> Network { get; } = new Definition();");
            w.WriteLine();
            w.WriteLine("private sealed class Definition : global::MnistFunctional.INetwork<Parameters, Gradients>");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine($"public string Name => \"{network.TypeName}\";");
            w.WriteLine();
            w.WriteLine($"public global::MnistFunctional.Dsl.Architecture Architecture => {network.TypeName}.{network.ArchitectureMember};");
            w.WriteLine();
            w.WriteLine($"public Parameters Initialize(int seed) => {network.TypeName}.Initialize(seed);");
            w.WriteLine();
            w.WriteLine($"public {Matrix} Predict(Parameters parameters, {Matrix} input) => {network.TypeName}.Predict(parameters, new InputBatch(input));");
            w.WriteLine();
            w.WriteLine($"public global::MnistFunctional.TrainingStep<Gradients> LossAndGradients(Parameters parameters, {Matrix} input, global::System.ReadOnlySpan<int> labels)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var activations = Forward(parameters, new InputBatch(input));");
            w.WriteLine("return new(ScoreOf(activations, labels), Backward(parameters, activations, labels));");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            w.WriteLine($"public global::MnistFunctional.BatchScore Score(Parameters parameters, {Matrix} input, global::System.ReadOnlySpan<int> labels) =>");
            w.WriteLine("    ScoreOf(Forward(parameters, new InputBatch(input)), labels);");
            w.WriteLine();
            w.WriteLine("public global::MnistFunctional.INetworkWorkspace CreateWorkspace(int batchSize) => new Workspace(batchSize);");
            w.WriteLine();
            w.WriteLine($"public {Matrix} Predict(Parameters parameters, {Matrix} input, global::MnistFunctional.INetworkWorkspace workspace) =>");
            w.WriteLine($"    {network.TypeName}.Predict(parameters, new InputBatch(input), Own(workspace));");
            w.WriteLine();
            w.WriteLine($"public global::MnistFunctional.TrainingStep<Gradients> LossAndGradients(Parameters parameters, {Matrix} input, global::System.ReadOnlySpan<int> labels, global::MnistFunctional.INetworkWorkspace workspace)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var own = Own(workspace);");
            w.WriteLine("var activations = Forward(parameters, new InputBatch(input), own);");
            w.WriteLine("return new(ScoreOf(activations, labels), Backward(parameters, activations, labels, own));");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            w.WriteLine("public global::MnistFunctional.TrainingStep<Gradients> LossAndGradients(");
            var parameters = $"    Parameters parameters, {Matrix} input, global::System.ReadOnlySpan<int> labels, global::MnistFunctional.INetworkWorkspace workspace, {Backend}.DropoutKey noise)";
            if (plan.HasDropout)
            {
                w.WriteLine(parameters);
                w.WriteLine("{");
                w.Indent++;
                w.WriteLine("var own = Own(workspace);");
                w.WriteLine("var activations = Forward(parameters, new InputBatch(input), own, noise);");
                w.WriteLine("return new(ScoreOf(activations, labels), Backward(parameters, activations, labels, own, noise));");
                w.Indent--;
                w.WriteLine("}");
            }
            else
            {
                w.WriteLine(parameters + " =>");
                w.WriteLine("    LossAndGradients(parameters, input, labels, workspace);");
            }

            w.WriteLine();
            w.WriteLine($"public global::System.Collections.Generic.IReadOnlyList<{Matrix}> LayerOutputs(Parameters parameters, {Matrix} input, {TrainingEmitter.Noise} noise)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine(plan.HasDropout
                ? "var activations = Forward(parameters, new InputBatch(input), new Workspace(input.ColumnCount), noise);"
                : "var activations = Forward(parameters, new InputBatch(input));");
            var outputs = plan.Layers.Skip(1).Select(layer => $"activations.{layer.Name}.Values").ToList();
            var line = $"return [{string.Join(", ", outputs)}];";
            if (line.Length + (w.Indent * 4) <= MaxLineLength)
            {
                w.WriteLine(line);
            }
            else
            {
                // Networks with many layers (residual blocks count theirs): one output per line.
                w.WriteLine("return");
                w.WriteLine("[");
                w.Indent++;
                foreach (var output in outputs)
                {
                    w.WriteLine(output + ",");
                }

                w.Indent--;
                w.WriteLine("];");
            }
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            w.WriteLine($"public global::MnistFunctional.BatchScore Score(Parameters parameters, {Matrix} input, global::System.ReadOnlySpan<int> labels, global::MnistFunctional.INetworkWorkspace workspace) =>");
            w.WriteLine("    ScoreOf(Forward(parameters, new InputBatch(input), Own(workspace)), labels);");
            w.WriteLine();
            w.WriteLine("private static Workspace Own(global::MnistFunctional.INetworkWorkspace workspace) =>");
            w.WriteLine($"    workspace as Workspace ?? throw new global::System.ArgumentException(\"Expected a workspace made by {network.TypeName}.Network.CreateWorkspace.\", nameof(workspace));");
            w.WriteLine();
            w.WriteLine("private static global::MnistFunctional.BatchScore ScoreOf(Activations activations, global::System.ReadOnlySpan<int> labels)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine($"var predicted = {Backend}.SoftmaxCrossEntropy.PredictedClasses(activations.{last.Name}.Values);");
            w.WriteLine($"return new(Loss(activations, labels), {Backend}.SoftmaxCrossEntropy.CountCorrect(predicted, labels), labels.Length, predicted);");
            w.Indent--;
            w.WriteLine("}");
            w.Indent--;
            w.WriteLine("}");
        }
    }
}

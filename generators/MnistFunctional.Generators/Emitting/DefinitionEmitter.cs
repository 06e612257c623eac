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
            if (plan.HasState)
            {
                EmitStatefulMembers(w, network, plan);
            }
            else
            {
                EmitMembers(w, network, plan);
            }

            w.WriteLine("private static Workspace Own(global::MnistFunctional.INetworkWorkspace workspace) =>");
            w.WriteLine($"    workspace as Workspace ?? throw new global::System.ArgumentException(\"Expected a workspace made by {network.TypeName}.Network.CreateWorkspace.\", nameof(workspace));");
            w.WriteLine();
            w.WriteLine("private static global::MnistFunctional.BatchScore ScoreOf(Activations activations, global::System.ReadOnlySpan<int> labels) => ScoreOf(activations.{0}, labels);".Replace("{0}", last.Name));
            w.WriteLine();
            w.WriteLine("/// <summary>");
            w.WriteLine("/// Scores in inference mode go through Predict (a few images at a time, Winograd convolutions), as <c>predict</c> and");
            w.WriteLine("/// ONNX Runtime would run the model: about three times Forward's speed at evaluation's batch of 500, whose whole");
            w.WriteLine("/// activations do not stay in cache. The figures agree with Forward's to rounding.");
            w.WriteLine("/// </summary>");
            w.WriteLine("private static global::MnistFunctional.BatchScore ScoreOfPredict(Workspace workspace, global::System.ReadOnlySpan<int> labels) => ScoreOf(workspace.{0}, labels);".Replace("{0}", last.Name));
            w.WriteLine();
            w.WriteLine($"private static global::MnistFunctional.BatchScore ScoreOf({OutputType(last)} output, global::System.ReadOnlySpan<int> labels)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine($"var predicted = {Backend}.SoftmaxCrossEntropy.PredictedClasses(output.Values);");
            w.WriteLine($"return new({Backend}.SoftmaxCrossEntropy.Loss(output.Logits, labels), {Backend}.SoftmaxCrossEntropy.CountCorrect(predicted, labels), labels.Length, predicted);");
            w.Indent--;
            w.WriteLine("}");
            w.Indent--;
            w.WriteLine("}");
        }

        /// <summary>The members of a network without state, in the order they always had.</summary>
        private static void EmitMembers(IndentedTextWriter w, NetworkModel network, NetworkPlan plan)
        {
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
            w.WriteLine("    Score(parameters, input, labels, new Workspace(input.ColumnCount));");
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
            w.WriteLine($"public global::MnistFunctional.BatchScore Score(Parameters parameters, {Matrix} input, global::System.ReadOnlySpan<int> labels, global::MnistFunctional.INetworkWorkspace workspace)");
            w.WriteLine("{");
            w.WriteLine($"    {network.TypeName}.Predict(parameters, new InputBatch(input), Own(workspace));");
            w.WriteLine("    return ScoreOfPredict(Own(workspace), labels);");
            w.WriteLine("}");
            w.WriteLine();
        }

        /// <summary>
        /// The members of a network with state: each takes the state (typed on the way in, untyped on the way out) or runs
        /// with the initial one; gradients exist in training mode only (BatchNorm's batch statistics), so the overloads
        /// without a noise key refuse.
        /// </summary>
        private static void EmitStatefulMembers(IndentedTextWriter w, NetworkModel network, NetworkPlan plan)
        {
            var type = network.TypeName;
            const string NetworkState = "global::MnistFunctional.Tensors.NetworkState";
            const string Step = "global::MnistFunctional.TrainingStep<Gradients>";
            const string Labels = "global::System.ReadOnlySpan<int> labels";
            const string Workspace = "global::MnistFunctional.INetworkWorkspace workspace";
            w.WriteLine($"public {NetworkState} InitialState() => Untyped({type}.InitialState());");
            w.WriteLine();
            w.WriteLine($"public {Matrix} Predict(Parameters parameters, {Matrix} input) => {type}.Predict(parameters, {type}.InitialState(), new InputBatch(input));");
            w.WriteLine();
            w.WriteLine($"public {Matrix} Predict(Parameters parameters, {Matrix} input, {Workspace}) =>");
            w.WriteLine($"    {type}.Predict(parameters, {type}.InitialState(), new InputBatch(input), Own(workspace));");
            w.WriteLine();
            w.WriteLine($"public {Matrix} Predict(Parameters parameters, {NetworkState} state, {Matrix} input, {Workspace}) =>");
            w.WriteLine($"    {type}.Predict(parameters, Typed(state), new InputBatch(input), Own(workspace));");
            w.WriteLine();
            w.WriteLine($"public {Step} LossAndGradients(Parameters parameters, {Matrix} input, {Labels}) => throw TrainingModeOnly();");
            w.WriteLine();
            w.WriteLine($"public {Step} LossAndGradients(Parameters parameters, {Matrix} input, {Labels}, {Workspace}) => throw TrainingModeOnly();");
            w.WriteLine();
            w.WriteLine($"public {Step} LossAndGradients(");
            w.WriteLine($"    Parameters parameters, {Matrix} input, {Labels}, {Workspace}, {Backend}.DropoutKey noise) =>");
            w.WriteLine("    LossAndGradients(parameters, InitialState(), input, labels, workspace, noise);");
            w.WriteLine();
            w.WriteLine($"public {Step} LossAndGradients(");
            w.WriteLine($"    Parameters parameters, {NetworkState} state, {Matrix} input, {Labels}, {Workspace}, {Backend}.DropoutKey noise)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var own = Own(workspace);");
            w.WriteLine("var typed = Typed(state);");
            w.WriteLine("var activations = Forward(parameters, typed, new InputBatch(input), own, noise);");
            w.WriteLine("var score = ScoreOf(activations, labels);");
            w.WriteLine("return new(score, Backward(parameters, activations, labels, own, noise)) { State = Untyped(UpdatedState(typed, own)) };");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            w.WriteLine($"public global::MnistFunctional.BatchScore Score(Parameters parameters, {Matrix} input, {Labels}) =>");
            w.WriteLine("    Score(parameters, input, labels, new Workspace(input.ColumnCount));");
            w.WriteLine();
            w.WriteLine($"public global::MnistFunctional.BatchScore Score(Parameters parameters, {Matrix} input, {Labels}, {Workspace}) =>");
            w.WriteLine("    Score(parameters, InitialState(), input, labels, workspace);");
            w.WriteLine();
            w.WriteLine("public global::MnistFunctional.BatchScore Score(");
            w.WriteLine($"    Parameters parameters, {NetworkState} state, {Matrix} input, {Labels}, {Workspace})");
            w.WriteLine("{");
            w.WriteLine($"    {type}.Predict(parameters, Typed(state), new InputBatch(input), Own(workspace));");
            w.WriteLine("    return ScoreOfPredict(Own(workspace), labels);");
            w.WriteLine("}");
            w.WriteLine();
            w.WriteLine($"public global::System.Collections.Generic.IReadOnlyList<{Matrix}> LayerOutputs(Parameters parameters, {Matrix} input, {TrainingEmitter.Noise} noise) =>");
            w.WriteLine("    LayerOutputs(parameters, InitialState(), input, noise);");
            w.WriteLine();
            w.WriteLine($"public global::System.Collections.Generic.IReadOnlyList<{Matrix}> LayerOutputs(");
            w.WriteLine($"    Parameters parameters, {NetworkState} state, {Matrix} input, {TrainingEmitter.Noise} noise)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var activations = Forward(parameters, Typed(state), new InputBatch(input), new Workspace(input.ColumnCount), noise);");
            w.WriteLine($"return [{string.Join(", ", plan.Layers.Skip(1).Select(layer => $"activations.{layer.Name}.Values"))}];");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
            w.WriteLine("public global::MnistFunctional.INetworkWorkspace CreateWorkspace(int batchSize) => new Workspace(batchSize);");
            w.WriteLine();
            w.WriteLine($"private static State Typed({NetworkState} state) => State.FromArrays(state.Arrays);");
            w.WriteLine();
            w.WriteLine($"private static {NetworkState} Untyped(State state) => new(state.Tensors);");
            w.WriteLine();
            w.WriteLine("private static global::System.NotSupportedException TrainingModeOnly() =>");
            w.WriteLine($"    new(\"{type} has BatchNorm: its gradients are taken in training mode (the batch's statistics); pass a DropoutKey to LossAndGradients.\");");
            w.WriteLine();
        }
    }
}

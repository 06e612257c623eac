using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Linq;
using MnistFunctional.Dsl;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// The Parameters and Gradients records: one member per layer with parameters, their tensors named and shaped
    /// as the chain interpreter gives them (<see cref="LayerModel.Tensors"/>, Keras layout), so model files, the
    /// summary and the generated code agree by construction.
    /// </summary>
    internal static class TensorRecordEmitter
    {
        /// <summary>The layers with parameters and their emitters, in order.</summary>
        public static List<(LayerModel Layer, WeightedLayerEmitter Emitter)> Weighted(NetworkPlan plan) =>
            plan.Layers.Where(layer => LayerEmitter.For(layer) is WeightedLayerEmitter)
                .Select(layer => (layer, (WeightedLayerEmitter)LayerEmitter.For(layer))).ToList();

        public static void Emit(IndentedTextWriter w, string name, string summary, NetworkPlan plan)
        {
            var members = Weighted(plan).Select(pair => new Member(
                pair.Layer,
                pair.Emitter.ParameterType,
                pair.Emitter.TensorMembers,
                pair.Layer.Tensors.Where(spec => spec.Trainable).ToList(),
                first => pair.Emitter.FromArrays(pair.Layer, first))).ToList();
            var count = plan.HasState ? "a kernel and a bias per convolution or dense layer, γ and β per BatchNorm" : "a kernel and a bias per layer";
            EmitRecord(w, name, summary, count, "Tensors in Keras layout (conv kernels HWIO, dense kernels (inputs, units)).", members);
        }

        /// <summary>The State record of a network with stateful layers: each BatchNorm's moving mean and variance.</summary>
        public static void EmitState(IndentedTextWriter w, NetworkPlan plan)
        {
            var members = plan.Layers.Where(layer => layer.HasState).Select(layer => new Member(
                layer,
                BatchNormEmitter.StateType,
                BatchNormEmitter.StateMembers,
                layer.Tensors.Where(spec => !spec.Trainable).ToList(),
                first => BatchNormEmitter.StateFromArrays(layer, first))).ToList();
            EmitRecord(
                w,
                "State",
                "The state beside the parameters (as Lux keeps st beside ps): each BatchNorm's moving statistics. A training-mode Forward's batch statistics move it (UpdatedState); the optimiser never sees it.",
                "a moving mean and a moving variance per BatchNorm",
                "Tensors with Keras's names ({BatchNorm}.moving_mean, .moving_variance), one value per channel.",
                members);
        }

        private static void EmitRecord(IndentedTextWriter w, string name, string summary, string count, string layout, List<Member> layers)
        {
            w.WriteLine($"/// <summary>{summary}</summary>");
            w.WriteLine($"public sealed record {name}(");
            w.Indent++;
            for (var i = 0; i < layers.Count; i++)
            {
                w.WriteLine($"{Tensors}.{layers[i].Type} {layers[i].Layer.Name}" + (i < layers.Count - 1 ? "," : ")"));
            }

            w.WriteLine($": {Tensors}.ITensorSet<{name}>");
            w.Indent--;
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine($"/// <summary>Number of tensors: {count}.</summary>");
            w.WriteLine($"public const int TensorCount = {layers.Sum(l => l.Specs.Count)};");
            w.WriteLine();
            w.WriteLine($"/// <summary>{layout}</summary>");
            w.WriteLine($"public global::System.Collections.Immutable.ImmutableArray<{Tensors}.NamedTensor> Tensors =>");
            w.Indent++;
            w.WriteLine("[");
            w.Indent++;
            foreach (var member in layers)
            {
                for (var t = 0; t < member.Specs.Count; t++)
                {
                    var spec = member.Specs[t];
                    w.WriteLine($"new(\"{spec.Name}\", [{string.Join(", ", spec.Shape)}], {Backend}.Storage.Of({member.Layer.Name}.{member.Members[t]})),");
                }
            }

            w.Indent--;
            w.WriteLine("];");
            w.Indent--;
            w.WriteLine();
            w.WriteLine($"/// <summary>Uses the arrays (declaration order, Keras layout) as storage, after checking their lengths.</summary>");
            w.WriteLine($"public static {name} FromArrays(global::System.Collections.Generic.IReadOnlyList<float[]> arrays)");
            w.WriteLine("{");
            w.Indent++;
            var lengths = layers.SelectMany(l => l.Specs).Select(spec => spec.ElementCount);
            w.WriteLine($"{Tensors}.TensorChecks.RequireLengths(\"{name}\", arrays, [{string.Join(", ", lengths)}]);");
            w.WriteLine("return new(");
            w.Indent++;
            var first = 0;
            for (var i = 0; i < layers.Count; i++)
            {
                w.WriteLine(layers[i].FromArrays(first) + (i < layers.Count - 1 ? "," : ");"));
                first += layers[i].Specs.Count;
            }

            w.Indent--;
            w.Indent--;
            w.WriteLine("}");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
        }

        /// <summary>One member of a tensor record: a layer's typed value, its members and their tensors in order, and how it is read from arrays.</summary>
        private sealed record Member(LayerModel Layer, string Type, IReadOnlyList<string> Members, List<TensorSpec> Specs, System.Func<int, string> FromArrays);
    }
}

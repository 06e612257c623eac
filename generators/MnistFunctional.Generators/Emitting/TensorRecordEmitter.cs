using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Linq;
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
            var layers = Weighted(plan);
            w.WriteLine($"/// <summary>{summary}</summary>");
            w.WriteLine($"public sealed record {name}(");
            w.Indent++;
            for (var i = 0; i < layers.Count; i++)
            {
                var (layer, emitter) = layers[i];
                w.WriteLine($"{Tensors}.{emitter.ParameterType} {layer.Name}" + (i < layers.Count - 1 ? "," : ")"));
            }

            w.WriteLine($": {Tensors}.ITensorSet<{name}>");
            w.Indent--;
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine($"/// <summary>Number of tensors: a kernel and a bias per layer.</summary>");
            w.WriteLine($"public const int TensorCount = {layers.Sum(l => l.Layer.Tensors.Count)};");
            w.WriteLine();
            w.WriteLine($"/// <summary>Tensors in Keras layout (conv kernels HWIO, dense kernels (inputs, units)).</summary>");
            w.WriteLine($"public global::System.Collections.Immutable.ImmutableArray<{Tensors}.NamedTensor> Tensors =>");
            w.Indent++;
            w.WriteLine("[");
            w.Indent++;
            foreach (var (layer, emitter) in layers)
            {
                for (var t = 0; t < layer.Tensors.Count; t++)
                {
                    var spec = layer.Tensors[t];
                    w.WriteLine($"new(\"{spec.Name}\", [{string.Join(", ", spec.Shape)}], {Backend}.Storage.Of({layer.Name}.{emitter.TensorMembers[t]})),");
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
            var lengths = layers.SelectMany(l => l.Layer.Tensors).Select(spec => spec.ElementCount);
            w.WriteLine($"{Tensors}.TensorChecks.RequireLengths(\"{name}\", arrays, [{string.Join(", ", lengths)}]);");
            w.WriteLine("return new(");
            w.Indent++;
            var first = 0;
            for (var i = 0; i < layers.Count; i++)
            {
                var (layer, emitter) = layers[i];
                w.WriteLine(emitter.FromArrays(layer, first) + (i < layers.Count - 1 ? "," : ");"));
                first += layer.Tensors.Count;
            }

            w.Indent--;
            w.Indent--;
            w.WriteLine("}");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
        }
    }
}

using System.CodeDom.Compiler;
using MnistFunctional.Generators.Model;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>Names and small code shapes every emitter prints alike.</summary>
    internal static class Code
    {
        public const string Matrix = "global::MathNet.Numerics.LinearAlgebra.Matrix<float>";
        public const string Backend = "global::MnistFunctional.Backend";
        public const string Tensors = "global::MnistFunctional.Tensors";
        public const string Activation = "global::MnistFunctional.Dsl.Activation";

        /// <summary>The generated type of a layer's output (the input's is InputBatch).</summary>
        public static string OutputType(LayerModel layer) => layer.Kind == LayerKind.Input ? "InputBatch" : layer.Name + "Output";

        public static string ActivationOf(LayerModel layer) => $"{Activation}.{layer.Activation}";

        /// <summary>A geometry's padding argument: nothing for valid padding (the default), else <c>, …Padding.Same</c>.</summary>
        public static string PaddingArgument(LayerModel layer) =>
            layer.Padding == MnistFunctional.Dsl.Padding.Valid ? string.Empty : $", global::MnistFunctional.Dsl.Padding.{layer.Padding}";

        /// <summary>The PoolGeometry of a max or average pooling (window only for Keras's defaults).</summary>
        public static string PoolGeometry(LayerModel layer)
        {
            var options = layer.Stride == layer.Window && layer.Padding == MnistFunctional.Dsl.Padding.Valid
                ? string.Empty
                : $", {layer.Stride}, global::MnistFunctional.Dsl.Padding.{layer.Padding}";
            return $"private static readonly {Backend}.PoolGeometry {layer.Name}Geometry = new({layer.Input.Height}, {layer.Input.Width}, {layer.Input.Channels}, {layer.Window}{options});";
        }

        /// <summary>A layer's name as a field name (conv1).</summary>
        public static string Local(LayerModel layer) => char.ToLowerInvariant(layer.Name[0]) + layer.Name.Substring(1);

        /// <summary>Longest call printed on one line; longer ones get one argument per line.</summary>
        private const int LineLength = 110;

        /// <summary>The slice's columns of a float[] holding <paramref name="type"/> values for the whole batch (the generated SliceOf).</summary>
        public static string Sliced(string array, string type) => $"SliceOf({array}, {type}.Size, start, count)";

        /// <summary>The generated helper <see cref="Sliced"/> calls.</summary>
        public static void SliceOfHelper(IndentedTextWriter w)
        {
            w.WriteLine("/// <summary>Examples [start, start + count) of a batch stored one example of <paramref name=\"size\"/> floats after another.</summary>");
            w.WriteLine("private static global::System.Span<float> SliceOf(float[] values, int size, int start, int count) =>");
            w.WriteLine("    global::System.MemoryExtensions.AsSpan(values, start * size, count * size);");
            w.WriteLine();
        }

        /// <summary>
        /// The statement <c>callee(arguments);</c>: on one line when short, else one argument per line, so a reader can
        /// follow which buffer goes where.
        /// </summary>
        public static void Call(IndentedTextWriter w, string callee, params string[] arguments)
        {
            var line = $"{callee}({string.Join(", ", arguments)});";
            if (line.Length <= LineLength)
            {
                w.WriteLine(line);
                return;
            }

            w.WriteLine(callee + "(");
            w.Indent++;
            for (var i = 0; i < arguments.Length; i++)
            {
                w.WriteLine(arguments[i] + (i < arguments.Length - 1 ? "," : ");"));
            }

            w.Indent--;
        }

        /// <summary>The slice's columns of the caller's input batch.</summary>
        public static string SlicedInput => Sliced($"{Backend}.Storage.Of(input.Values)", "InputBatch");

        /// <summary>A static delegate (no closure per call) that runs <c>{name}Slice{suffix}</c> with the call's arguments from the workspace.</summary>
        public static void SliceBody(IndentedTextWriter w, string name, string arguments, string suffix = "")
        {
            w.WriteLine($"private static readonly global::System.Action<object, int> {name}Slice{suffix}Body = static (state, slice) =>");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var workspace = (Workspace)state;");
            w.WriteLine($"{name}Slice{suffix}({arguments}, workspace, slice);");
            w.Indent--;
            w.WriteLine("};");
        }

        /// <summary>Opens a slice body and its loop over chunks of images (start, count); the caller closes both.</summary>
        public static void ChunkLoopStart(IndentedTextWriter w)
        {
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var sliceStart = workspace.SliceStart(slice);");
            w.WriteLine("var sliceEnd = sliceStart + workspace.SliceCount(slice);");
            w.WriteLine("var parallel = workspace.Slices == 1;");
            w.WriteLine($"for (var start = sliceStart; start < sliceEnd; start += {Backend}.ForwardChunk.Images)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine($"var count = global::System.Math.Min({Backend}.ForwardChunk.Images, sliceEnd - start);");
        }

        /// <summary>Closes what <see cref="ChunkLoopStart"/> opened.</summary>
        public static void ChunkLoopEnd(IndentedTextWriter w)
        {
            w.Indent--;
            w.WriteLine("}");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
        }

        /// <summary>A block: the line, then its body indented in braces.</summary>
        public static void Block(IndentedTextWriter w, string line, System.Action body)
        {
            w.WriteLine(line);
            w.WriteLine("{");
            w.Indent++;
            body();
            w.Indent--;
            w.WriteLine("}");
        }
    }
}

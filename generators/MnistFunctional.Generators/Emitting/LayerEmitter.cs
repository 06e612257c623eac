using System.CodeDom.Compiler;
using System.Collections.Generic;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// What one layer kind prints: its static geometry, its parameter record parts (if it has parameters), its typed
    /// forward function and its part of Forward, Backward and Predict — each only as the plan says.
    /// </summary>
    internal abstract class LayerEmitter
    {
        public static LayerEmitter For(LayerModel layer) => layer.Kind switch
        {
            LayerKind.Input => InputEmitter.Instance,
            LayerKind.Conv => ConvEmitter.Instance,
            LayerKind.Pool => PoolEmitter.Instance,
            LayerKind.AvgPool => PoolingEmitter.Average,
            LayerKind.GlobalAvgPool => PoolingEmitter.GlobalAverage,
            LayerKind.Dropout => DropoutEmitter.Instance,
            LayerKind.BatchNorm => BatchNormEmitter.Instance,
            LayerKind.Flatten => FlattenEmitter.Instance,
            LayerKind.Residual => ResidualEmitter.Instance,
            _ => DenseEmitter.Instance,
        };

        /// <summary>The static geometry fields its kernels take, if any.</summary>
        public virtual void Geometry(IndentedTextWriter w, LayerModel layer)
        {
        }

        /// <summary>The typed forward function of the layer, <c>{Name}Forward</c>, after its summary line.</summary>
        public abstract void TypedForward(IndentedTextWriter w, NetworkPlan plan, int index);

        /// <summary>Its forward kernel call in a training slice.</summary>
        public abstract void Forward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step);

        /// <summary>Its backward kernel call in a training slice.</summary>
        public abstract void Backward(IndentedTextWriter w, NetworkPlan plan, TrainingStep step);

        /// <summary>Its inference step in a Predict slice.</summary>
        public abstract void Predict(IndentedTextWriter w, NetworkPlan plan, PredictStep step);

        /// <summary>The opening of a typed forward function that writes a fresh output matrix <c>values</c>.</summary>
        protected static void OpenTypedForward(IndentedTextWriter w, NetworkPlan plan, int index)
        {
            var layer = plan.Layers[index];
            var parameters = layer.HasParameters ? "Parameters parameters, " : string.Empty;
            w.WriteLine($"public static {OutputType(layer)} {layer.Name}Forward({parameters}{OutputType(plan.InputOf(index))} input)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine($"var values = {Backend}.Storage.Matrix({OutputType(layer)}.Size, input.BatchSize);");
        }

        protected static void CloseTypedForward(IndentedTextWriter w, string result)
        {
            w.WriteLine($"return {result};");
            w.Indent--;
            w.WriteLine("}");
            w.WriteLine();
        }

        /// <summary>The input of a typed forward function as a span.</summary>
        protected const string TypedInput = Backend + ".Storage.Of(input.Values)";
    }
}

using System.Collections.Generic;
using MnistFunctional.Generators.Model;
using MnistFunctional.Generators.Planning;
using static MnistFunctional.Generators.Emitting.Code;

namespace MnistFunctional.Generators.Emitting
{
    /// <summary>
    /// A layer with trainable parameters — by default a kernel matrix (filters or units × <see cref="NetworkPlanner.KernelColumns"/>)
    /// and a bias: how its parameter record member is typed, initialised, read from arrays and zeroed for gradients.
    /// </summary>
    internal abstract class WeightedLayerEmitter : LayerEmitter
    {
        /// <summary>The parameter type in MnistFunctional.Tensors (ConvParameters, DenseParameters).</summary>
        public abstract string ParameterType { get; }

        /// <summary>The record's members, in the order of the layer's tensors (kernel, bias).</summary>
        public virtual IReadOnlyList<string> TensorMembers => new[] { KernelMember, "Bias" };

        public abstract string KernelMember { get; }

        /// <summary>Glorot-uniform kernel and zero bias from the shared source.</summary>
        public virtual string Initializer(LayerModel layer)
        {
            var columns = NetworkPlanner.KernelColumns(layer);
            return $"new {Tensors}.{ParameterType}({Backend}.GlorotUniform.Matrix(source, {layer.Size}, {columns}, fanIn: {columns}, fanOut: {FanOut(layer)}), {Backend}.GlorotUniform.Zeros({layer.Size}))";
        }

        /// <summary>The member over <c>arrays[first]</c> (kernel) and <c>arrays[first + 1]</c> (bias).</summary>
        public virtual string FromArrays(LayerModel layer, int first) =>
            $"new {Tensors}.{ParameterType}({Backend}.Storage.Matrix({layer.Size}, {NetworkPlanner.KernelColumns(layer)}, arrays[{first}]), {Backend}.Storage.Vector(arrays[{first + 1}]))";

        /// <summary>A zeroed member, for a slice's gradients.</summary>
        public virtual string Zeros(LayerModel layer) =>
            $"new {Tensors}.{ParameterType}({Backend}.Storage.Matrix({layer.Size}, {NetworkPlanner.KernelColumns(layer)}), {Backend}.Storage.Vector(new float[{layer.Size}]))";

        protected abstract int FanOut(LayerModel layer);
    }
}

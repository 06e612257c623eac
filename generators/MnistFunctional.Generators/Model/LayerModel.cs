using MnistFunctional.Dsl;

namespace MnistFunctional.Generators.Model
{
    /// <summary>
    /// One declared layer as the shared chain interpreter described it: its DSL record (a value), its name — the
    /// member name used everywhere in the generated code (Conv1, Pool1, Dense2, ...) —, its shapes, its tensors, the
    /// layer whose output it reads (<paramref name="Source"/>) and, for a residual's addition, the layer whose output it
    /// adds (<paramref name="Shortcut"/>, else -1).
    /// </summary>
    internal sealed record LayerModel(string Name, Layer Layer, Shape Input, Shape Output, EquatableArray<TensorSpec> Tensors, int Source, int Shortcut)
    {
        public LayerKind Kind => Layer switch
        {
            InputLayer => LayerKind.Input,
            ConvLayer => LayerKind.Conv,
            PoolLayer => LayerKind.Pool,
            AvgPoolLayer => LayerKind.AvgPool,
            GlobalAvgPoolLayer => LayerKind.GlobalAvgPool,
            DropoutLayer => LayerKind.Dropout,
            BatchNormLayer => LayerKind.BatchNorm,
            FlattenLayer => LayerKind.Flatten,
            ResidualLayer => LayerKind.Residual,
            _ => LayerKind.Dense,
        };

        /// <summary>Filters of a convolution, units of a dense layer, else 0.</summary>
        public int Size => Layer switch
        {
            ConvLayer conv => conv.Filters,
            DenseLayer dense => dense.Units,
            _ => 0,
        };

        /// <summary>Kernel side of a convolution, window side of a pooling, else 0.</summary>
        public int Window => Layer switch
        {
            ConvLayer conv => conv.Kernel,
            PoolLayer pool => pool.Window,
            AvgPoolLayer pool => pool.Window,
            _ => 0,
        };

        public int Stride => Layer switch
        {
            ConvLayer conv => conv.Stride,
            PoolLayer pool => pool.Stride,
            AvgPoolLayer pool => pool.Stride,
            _ => 0,
        };

        public Padding Padding => Layer switch
        {
            ConvLayer conv => conv.Padding,
            PoolLayer pool => pool.Padding,
            AvgPoolLayer pool => pool.Padding,
            _ => Padding.Valid,
        };

        /// <summary>A pooling with Keras's defaults (stride = window, valid padding): the seed model's fast kernels take it.</summary>
        public bool IsPlainPool => Kind == LayerKind.Pool && Stride == Window && Padding == Padding.Valid;

        public Activation Activation => Layer switch
        {
            ConvLayer conv => conv.Activation,
            DenseLayer dense => dense.Activation,
            ResidualLayer residual => residual.Activation,
            _ => Activation.Linear,
        };

        public bool HasParameters => Kind == LayerKind.Conv || Kind == LayerKind.Dense || Kind == LayerKind.BatchNorm;

        /// <summary>Whether the layer keeps state beside its parameters (BatchNorm's moving statistics).</summary>
        public bool HasState => Kind == LayerKind.BatchNorm;

        public static LayerModel From(LayerInfo info) => new(info.Name, info.Layer, info.Input, info.Output, new EquatableArray<TensorSpec>(info.Tensors), info.Source, info.Shortcut);
    }
}

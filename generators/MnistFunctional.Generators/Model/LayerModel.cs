using MnistFunctional.Dsl;

namespace MnistFunctional.Generators.Model
{
    /// <summary>
    /// One declared layer with its constant arguments and inferred shapes. <see cref="Name"/> is the
    /// member name used everywhere in the generated code (Conv1, Pool1, Dense2, ...).
    /// </summary>
    internal sealed record LayerModel(
        LayerKind Kind,
        string Name,
        int Size,
        int Window,
        int Stride,
        Activation Activation,
        Shape Input,
        Shape Output)
    {
        public bool HasParameters => Kind == LayerKind.Conv || Kind == LayerKind.Dense;
    }
}

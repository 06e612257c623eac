using System.Collections.Immutable;
using System.Linq;

namespace MnistFunctional.Dsl;

/// <summary>
/// One layer as the chain interpreter sees it: its position, its generated name (Conv1, Pool1, …), the layer,
/// its input and output shapes and its tensors (Keras layout and names) — what the generator, the summary, the
/// model file and the TorchSharp backend all read.
/// </summary>
public sealed record LayerInfo(int Index, string Name, Layer Layer, Shape Input, Shape Output, ImmutableArray<TensorSpec> Tensors)
{
    /// <summary>
    /// The index of the layer whose output this layer reads (-1 for the input): the layer before it in a chain; in a
    /// residual's block or projection the residual's input for the first layer; for a residual's addition the block's last layer.
    /// </summary>
    public int Source { get; init; } = Index - 1;

    /// <summary>A residual's addition: the index of the layer whose output it adds (the residual's input, or the projection's last layer); else -1.</summary>
    public int Shortcut { get; init; } = -1;

    /// <summary>Number of parameters (the elements of every tensor, as Keras's "Param #" counts them: state included).</summary>
    public int ParameterCount => (int)Tensors.Sum(tensor => tensor.ElementCount);

    /// <summary>Elements of the tensors the optimiser does not train (BatchNorm's moving statistics): Keras's non-trainable params.</summary>
    public int NonTrainableCount => (int)Tensors.Where(tensor => !tensor.Trainable).Sum(tensor => tensor.ElementCount);

    /// <summary>The layer kind's name, as in the DSL (Conv, Pool, Dense, …).</summary>
    public string Kind => ChainInterpreter.KindOf(Layer);

    public bool Equals(LayerInfo? other) =>
        other is not null && Index == other.Index && Name == other.Name && Layer.Equals(other.Layer)
        && Input.Equals(other.Input) && Output.Equals(other.Output) && Tensors.SequenceEqual(other.Tensors)
        && Source == other.Source && Shortcut == other.Shortcut;

    public override int GetHashCode() => unchecked((Name.GetHashCode() * 31) + Layer.GetHashCode());
}

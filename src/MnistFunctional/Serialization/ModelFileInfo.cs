using System.Collections.Immutable;
using MnistFunctional.Dsl;

namespace MnistFunctional.Serialization;

/// <summary>
/// What a model file says about itself, read from its header without loading the tensors: the format version,
/// the network's name and canonical architecture text, the training facts, the tensor checksum and the tensors.
/// </summary>
public sealed record ModelFileInfo(
    string FilePath,
    int FormatVersion,
    string NetworkName,
    string ArchitectureText,
    ImmutableSortedDictionary<string, string> TrainingFacts,
    string TensorChecksum,
    ImmutableArray<TensorSpec> Tensors)
{
    /// <summary>Total number of parameters (elements of all tensors).</summary>
    public long ParameterCount => Tensors.Sum(tensor => tensor.ElementCount);
}

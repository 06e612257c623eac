using System.Collections.Immutable;
using MnistFunctional.Dsl;

namespace MnistFunctional.Serialization;

/// <summary>
/// One tensor as a safetensors header describes it: name, dtype (e.g. <c>F32</c>), shape, and its byte range
/// [<paramref name="Begin"/>, <paramref name="End"/>) relative to the start of the data section.
/// </summary>
public sealed record SafeTensorEntry(string Name, string Dtype, ImmutableArray<int> Shape, long Begin, long End)
{
    public TensorSpec Spec => new(Name, Shape);

    public long ByteLength => End - Begin;
}

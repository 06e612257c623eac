using System.Collections.Immutable;

namespace MnistFunctional.Serialization;

/// <summary>
/// A parsed and validated safetensors header: the <c>__metadata__</c> strings and the tensor entries in the
/// order of their data. <paramref name="DataStart"/> is the file offset of the data section (8 + header length).
/// </summary>
public sealed record SafeTensorsHeader(
    ImmutableSortedDictionary<string, string> Metadata,
    ImmutableArray<SafeTensorEntry> Entries,
    long DataStart,
    long DataLength);

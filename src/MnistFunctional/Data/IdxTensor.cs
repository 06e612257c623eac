using System.Collections.Immutable;

namespace MnistFunctional.Data;

/// <summary>
/// The content of an IDX unsigned-byte file: its dimension sizes (outermost first) and its bytes, row-major.
/// The reader hands over a fresh array that nothing else holds.
/// </summary>
public sealed record IdxTensor(ImmutableArray<int> Dimensions, byte[] Values)
{
    public int Count => Dimensions[0];
}

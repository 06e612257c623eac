namespace MnistFunctional.Data;

/// <summary>The two IDX layouts MNIST uses; the value is the magic number (type 0x08 = unsigned byte, then the dimension count).</summary>
public enum IdxKind
{
    /// <summary>0x00000801: a vector of labels.</summary>
    Labels = 0x0801,

    /// <summary>0x00000803: count × rows × columns images.</summary>
    Images = 0x0803,
}

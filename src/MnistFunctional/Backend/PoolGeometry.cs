namespace MnistFunctional.Backend;

/// <summary>The compile-time facts of one max-pooling layer (window = stride, floor division).</summary>
public sealed record PoolGeometry(int InHeight, int InWidth, int Channels, int Window)
{
    public int OutHeight => InHeight / Window;

    public int OutWidth => InWidth / Window;

    public int InSize => InHeight * InWidth * Channels;

    public int OutSize => OutHeight * OutWidth * Channels;
}

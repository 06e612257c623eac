namespace MnistFunctional.Backend;

/// <summary>The compile-time facts of one global average pooling layer: H×W×C images to C-vectors.</summary>
public sealed record GlobalPoolGeometry(int Height, int Width, int Channels)
{
    public int Positions => Height * Width;

    public int InSize => Height * Width * Channels;

    public int OutSize => Channels;
}

namespace MnistFunctional.Dsl;

/// <summary>
/// The shape of one example as it flows through a network: an image H×W×C (rank 3, channels last)
/// or a vector (rank 1, <see cref="Channels"/> holds its length and H = W = 1).
/// </summary>
public readonly record struct Shape(int Height, int Width, int Channels, int Rank)
{
    public static Shape Image(int height, int width, int channels) => new(height, width, channels, 3);

    public static Shape Vector(int length) => new(1, 1, length, 1);

    /// <summary>Number of floats in one example.</summary>
    public int Size => Height * Width * Channels;

    public bool IsImage => Rank == 3;

    public override string ToString() => IsImage ? $"({Height}, {Width}, {Channels})" : $"({Channels})";
}

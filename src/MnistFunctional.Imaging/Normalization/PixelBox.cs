namespace MnistFunctional.Imaging.Normalization;

/// <summary>A rectangle of whole pixels: left column <see cref="X"/>, top row <see cref="Y"/>, size in pixels.</summary>
public readonly record struct PixelBox(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    public override string ToString() => $"{Width}×{Height} at ({X}, {Y})";
}

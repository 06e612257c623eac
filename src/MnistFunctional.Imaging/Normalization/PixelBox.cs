namespace MnistFunctional.Imaging.Normalization;

/// <summary>A rectangle of whole pixels: left column <see cref="X"/>, top row <see cref="Y"/>, size in pixels.</summary>
public readonly record struct PixelBox(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    public override string ToString() => $"{Width}×{Height} at ({X}, {Y})";

    /// <summary>The box's pixels, row by row, out of a raster <paramref name="width"/> pixels wide that holds it.</summary>
    public float[] Crop(ReadOnlySpan<float> raster, int width)
    {
        var crop = new float[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            raster.Slice(((Y + y) * width) + X, Width).CopyTo(crop.AsSpan(y * Width, Width));
        }

        return crop;
    }
}

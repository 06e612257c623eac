namespace MnistFunctional.Imaging.Reading;

/// <summary>
/// A file read into memory whose header was checked (a known format, a size within the limits, nothing cut off)
/// and that is ready to decode; <see cref="DecodeBytes"/> is what decoding it will hold in memory at most.
/// </summary>
public sealed record ProbedImage(byte[] Bytes, string Format, int Width, int Height) : ImageReadResult
{
    /// <summary>
    /// Bytes per pixel a decode holds at its peak, measured (docs/hostile-input.md): the RGBA image (4), the
    /// grayscale copy (4) and the normaliser's and decoders' working buffers (8).
    /// </summary>
    public const int BytesPerPixel = 16;

    /// <summary>The memory decoding and preparing this file may take: its bytes and <see cref="BytesPerPixel"/> per pixel.</summary>
    public long DecodeBytes => Bytes.Length + ((long)Width * Height * BytesPerPixel);
}

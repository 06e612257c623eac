namespace MnistFunctional.Plotting.Digits;

/// <summary>The file formats SkiaSharp encodes a drawn digit in.</summary>
public enum DigitFileFormat
{
    Png,
    Jpeg,
}

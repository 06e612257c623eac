namespace MnistFunctional.Imaging.Reading;

/// <summary>A file that decoded: its grayscale pixels, a colour thumbnail when one was asked for, and its format.</summary>
public sealed record DecodedImage(GrayImage Gray, RgbaImage? Thumbnail, string Format) : ImageReadResult;

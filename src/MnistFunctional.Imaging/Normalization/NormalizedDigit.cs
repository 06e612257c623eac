namespace MnistFunctional.Imaging.Normalization;

/// <summary>A digit found in an image: the 28×28 the model sees, and what the normalisation found on the way.</summary>
/// <param name="Image">The digit as MNIST draws it: light on dark, longer side 20 pixels, centre of mass at (14, 14).</param>
/// <param name="Polarity">How the digit was drawn in the original.</param>
/// <param name="InkBox">The digit's bounding box in the original, in its pixels.</param>
/// <param name="Contrast">Ink minus background level, 0–1.</param>
public sealed record NormalizedDigit(MnistImage Image, Polarity Polarity, PixelBox InkBox, float Contrast);

namespace MnistFunctional.Imaging.Prediction;

/// <summary>A file of the folder that got no prediction, and why; <see cref="File"/> is relative to the folder, with forward slashes.</summary>
public sealed record SkippedImage(string File, string Reason, ImagePicture? Picture)
{
    /// <summary>The reason given for an image that decoded but holds nothing that stands out from its background.</summary>
    public const string NoDigitFound = "no digit found";
}

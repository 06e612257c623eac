namespace MnistFunctional.Imaging.Reading;

/// <summary>A file that could not be used, and why, in words for the user (the file name is not repeated).</summary>
public sealed record UnreadableImage(string Reason) : ImageReadResult;

namespace MnistFunctional.Imaging.Reading;

/// <summary>
/// A file that could not be used, and why, in words for the user (the file name is not repeated).
/// <see cref="TooLarge"/> marks the refusals for size (bytes, pixels, decoder memory), which a server answers differently.
/// </summary>
public sealed record UnreadableImage(string Reason, bool TooLarge = false) : ImageReadResult;

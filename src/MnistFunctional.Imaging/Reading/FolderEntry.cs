namespace MnistFunctional.Imaging.Reading;

/// <summary>
/// One entry of a folder to predict: its path relative to the folder with forward slashes, and, when the listing
/// itself already knows it cannot be used (a subfolder that cannot be read, a link to a folder), why.
/// </summary>
public sealed record FolderEntry(string File, string? Problem = null);

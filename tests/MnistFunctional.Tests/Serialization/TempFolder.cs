namespace MnistFunctional.Tests.Serialization;

/// <summary>A fresh, empty folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mnistfunctional-tests", System.IO.Path.GetRandomFileName());

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Names of the files now in the folder (temporary files included), sorted.</summary>
    public string[] Listing() => [.. Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!];

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

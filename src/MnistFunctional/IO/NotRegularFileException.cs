namespace MnistFunctional.IO;

/// <summary>A path that must be a regular file (to read, or to replace) leads to something else: a FIFO, a device, a directory, ….</summary>
public sealed class NotRegularFileException(string path, FileKind kind)
    : IOException($"'{path}' is {FileStatus.Describe(kind)}, not a regular file.")
{
    public string FilePath { get; } = path;

    public FileKind Kind { get; } = kind;

    /// <summary>The problem without the path: "it is a FIFO (named pipe), not a regular file".</summary>
    public string Reason => $"it is {FileStatus.Describe(Kind)}, not a regular file";
}

namespace MnistFunctional.IO;

/// <summary>The kind, size and identity of a file as one <c>stat</c> call saw them.</summary>
public sealed record FileStatus(FileKind Kind, long Length, FileIdentity? Identity)
{
    public static FileStatus Missing { get; } = new(FileKind.Missing, 0, null);

    /// <summary>The kind in words, for messages: "a FIFO (named pipe)", "a directory", …</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "not a regular file",
    };
}

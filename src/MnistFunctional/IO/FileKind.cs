namespace MnistFunctional.IO;

/// <summary>What a path names, as the file system says (links resolved or not, as asked).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Other,
}

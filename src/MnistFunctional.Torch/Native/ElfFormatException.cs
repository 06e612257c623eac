namespace MnistFunctional.Torch.Native;

/// <summary>A file is not the 64-bit little-endian ELF shared library the native patch expects; the message names it.</summary>
public sealed class ElfFormatException(string file, string problem) : Exception($"'{file}' is not a usable ELF shared library: {problem}")
{
    public string File { get; } = file;
}

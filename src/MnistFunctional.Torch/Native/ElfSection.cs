namespace MnistFunctional.Torch.Native;

/// <summary>One entry of an ELF section header table (the fields the native patch reads).</summary>
internal readonly record struct ElfSection(uint Type, long Offset, long Size, uint Link, uint Info, long EntrySize);

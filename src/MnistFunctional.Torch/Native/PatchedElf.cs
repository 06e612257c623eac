using System.Collections.Immutable;

namespace MnistFunctional.Torch.Native;

/// <summary>A patched copy of an ELF file and the version requirements the patch marked weak.</summary>
public sealed record PatchedElf(byte[] Bytes, ImmutableArray<VersionRequirement> Weakened);

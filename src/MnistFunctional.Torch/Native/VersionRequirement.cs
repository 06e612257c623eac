namespace MnistFunctional.Torch.Native;

/// <summary>
/// One symbol version an ELF library needs from another (a <c>.gnu.version_r</c> vernaux entry), e.g.
/// <c>GLIBCXX_3.4.32</c> from <c>libstdc++.so.6</c>, with how many relocations bind symbols of that version.
/// </summary>
public sealed record VersionRequirement(string Library, string Version, bool IsWeak, int RelocationCount)
{
    public override string ToString() => $"{Version} from {Library}{(IsWeak ? " (weak)" : string.Empty)}, {RelocationCount} relocations";
}

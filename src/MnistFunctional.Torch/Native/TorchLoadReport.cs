using System.Collections.Immutable;

namespace MnistFunctional.Torch.Native;

/// <summary>
/// How TorchSharp's native library was loaded: the packaged file, the patched copy loaded instead (null when the
/// packaged file loaded as it is), the version requirements the patch marked weak, torch's thread count, and
/// whether NNPACK was turned off because this CPU does not support it (see <see cref="Nnpack"/>), and whether
/// malloc keeps torch's large blocks (see <see cref="TorchMalloc"/>).
/// </summary>
public sealed record TorchLoadReport(
    string Library, string? PatchedCopy, ImmutableArray<VersionRequirement> Weakened, int Threads, bool NnpackOff, bool SteadyMalloc)
{
    public override string ToString() => (PatchedCopy is null
        ? $"TorchSharp loaded {Library} as packaged; {Threads} threads"
        : $"TorchSharp loaded {PatchedCopy}, a copy of {Library} with {string.Join(", ", Weakened.Select(w => $"{w.Version} ({w.Library})"))} marked weak; {Threads} threads")
        + (NnpackOff ? "; NNPACK off (this CPU does not support it)" : string.Empty)
        + (SteadyMalloc ? "; malloc keeps large blocks." : ".");
}

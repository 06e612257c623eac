using System.Collections.Immutable;

namespace MnistFunctional.Data;

/// <summary>No mirror delivered a file that passed verification; the message lists every mirror's failure.</summary>
public sealed class DownloadException(string fileName, ImmutableArray<MirrorFailure> failures)
    : Exception($"Could not download '{fileName}' from any mirror:{string.Concat(failures.Select(f => $"{Environment.NewLine}  - {f}"))}")
{
    public string FileName { get; } = fileName;

    public ImmutableArray<MirrorFailure> Failures { get; } = failures;
}

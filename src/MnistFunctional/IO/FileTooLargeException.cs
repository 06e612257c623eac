using System.Globalization;

namespace MnistFunctional.IO;

/// <summary>A file holds more bytes than the reader's limit (counted while reading, not taken from the file's stated size).</summary>
public sealed class FileTooLargeException(string path, long limit)
    : IOException(string.Create(CultureInfo.InvariantCulture, $"'{path}' holds more than the limit of {limit:N0} bytes."))
{
    public string FilePath { get; } = path;

    public long Limit { get; } = limit;

    /// <summary>The problem without the path.</summary>
    public string Reason => string.Create(CultureInfo.InvariantCulture, $"the file holds more than the limit of {Limit / 1_000_000.0:N0} MB");
}

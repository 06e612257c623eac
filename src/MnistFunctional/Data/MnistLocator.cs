namespace MnistFunctional.Data;

/// <summary>
/// Chooses the MNIST directory: the explicit one, else MNIST_DIR, else data/mnist/; and fills it from the mirrors
/// when files are missing. Reading the environment and the console is left to callers.
/// </summary>
public static class MnistLocator
{
    public const string EnvironmentVariable = "MNIST_DIR";

    /// <summary>data/mnist/ under <paramref name="baseDirectory"/> (the repository or current directory).</summary>
    public static string DefaultDirectory(string baseDirectory) => Path.Combine(baseDirectory, "data", "mnist");

    /// <summary>Pure choice between the three candidates; blank values count as not given.</summary>
    public static MnistLocation Resolve(string? explicitDirectory, string? environmentValue, string defaultDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultDirectory);
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return new MnistLocation(explicitDirectory, MnistSource.Explicit);
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return new MnistLocation(environmentValue, MnistSource.Environment);
        }

        return new MnistLocation(defaultDirectory, MnistSource.Default);
    }

    /// <summary>
    /// Downloads into <paramref name="location"/> the files missing there (in neither .gz nor raw form) and
    /// returns the directory, ready for <see cref="Mnist.Load"/>.
    /// </summary>
    /// <exception cref="DownloadException">A missing file could not be fetched from any mirror.</exception>
    public static async Task<string> EnsureAsync(
        MnistLocation location,
        MnistDownloader downloader,
        Action<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(downloader);
        var missing = Mnist.MissingFiles(location.Directory);
        if (!missing.IsEmpty)
        {
            await downloader.DownloadAsync(location.Directory, missing, progress, cancellationToken).ConfigureAwait(false);
        }

        return location.Directory;
    }
}

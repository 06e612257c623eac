using MnistFunctional.Data;

namespace MnistFunctional.Tests.Data;

/// <summary>
/// Finds the real MNIST files for the tests the way the <c>digits</c> CLI does: MNIST_DIR (a relative value is taken
/// from the repository root), else data/mnist/ under the repository; files missing there are downloaded into it by
/// the library's verified downloader. So a fresh clone with internet passes, and CI points MNIST_DIR at its copy.
/// </summary>
internal static class RealMnist
{
    // Lazy, so a missing data set fails each test with the message below rather than a TypeInitializationException.
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);
    private static readonly Lazy<string> Found = new(FindOrDownload);

    public static string RepositoryRoot => Root.Value;

    public static string Directory => Found.Value;

    /// <summary>
    /// The README published beside the data (as in CI's copy), or null: the mirrors serve none. Looked up without
    /// downloading anything, so a test attribute can ask for it while tests are discovered.
    /// </summary>
    public static string? Readme
    {
        get
        {
            var readme = Path.Combine(Locate(RepositoryRoot, Environment.GetEnvironmentVariable(MnistLocator.EnvironmentVariable)).Directory, "README.md");
            return File.Exists(readme) ? readme : null;
        }
    }

    /// <summary>
    /// The directory holding the four MNIST files: the MNIST_DIR value (relative to <paramref name="repositoryRoot"/>),
    /// else data/mnist/ under it, with the missing files fetched by <paramref name="downloader"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The files are missing and could not be downloaded; the message is one line that says how to provide them.
    /// </exception>
    public static async Task<string> FindAsync(string repositoryRoot, string? environmentValue, MnistDownloader downloader)
    {
        var location = Locate(repositoryRoot, environmentValue);
        try
        {
            return await MnistLocator.EnsureAsync(location, downloader);
        }
        catch (Exception e) when (e is DownloadException or IOException or UnauthorizedAccessException)
        {
            var why = e is DownloadException download
                ? string.Join("; ", download.Failures.Select(f => f.ToString()))
                : e.Message;
            throw new InvalidOperationException(
                $"Real MNIST is not in '{location.Directory}' ({location.Source}) and could not be downloaded there "
                + $"({why.ReplaceLineEndings(" ")}). Provide it: set {MnistLocator.EnvironmentVariable} to a folder holding "
                + $"{string.Join(", ", Mnist.FileNames)}, or put those files in data/mnist/ under the repository.");
        }
    }

    private static MnistLocation Locate(string repositoryRoot, string? environmentValue) =>
        MnistLocator.Resolve(
            null,
            string.IsNullOrWhiteSpace(environmentValue) ? null : Path.GetFullPath(environmentValue, repositoryRoot),
            MnistLocator.DefaultDirectory(repositoryRoot));

    private static string FindOrDownload()
    {
        using var http = new HttpClient();
        var environmentValue = Environment.GetEnvironmentVariable(MnistLocator.EnvironmentVariable);
        return FindAsync(RepositoryRoot, environmentValue, new MnistDownloader(http)).GetAwaiter().GetResult();
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MnistFunctional.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No MnistFunctional.sln above '{AppContext.BaseDirectory}'.");
    }
}

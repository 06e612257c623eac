using MnistFunctional.Data;

namespace MnistFunctional.Tests.Data;

/// <summary>
/// Finds the real MNIST files for the tests: MNIST_DIR (a relative value is taken from the repository root),
/// else shared/mnist beside the repository, so a fresh clone with shared/ beside it passes.
/// </summary>
internal static class RealMnist
{
    // Lazy, so a missing data set fails each test with the message below rather than a TypeInitializationException.
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);
    private static readonly Lazy<string> Found = new(FindDirectory);

    public static string RepositoryRoot => Root.Value;

    public static string Directory => Found.Value;

    /// <summary>The README that publishes the checksums: beside the data, else in shared/mnist.</summary>
    public static string Readme
    {
        get
        {
            var beside = Path.Combine(Directory, "README.md");
            return File.Exists(beside) ? beside : Path.Combine(SharedDirectory, "README.md");
        }
    }

    private static string SharedDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "mnist"));

    private static string FindDirectory()
    {
        var env = Environment.GetEnvironmentVariable(MnistLocator.EnvironmentVariable);
        var location = MnistLocator.Resolve(null, string.IsNullOrWhiteSpace(env) ? null : Path.GetFullPath(env, RepositoryRoot), SharedDirectory);
        return Mnist.MissingFiles(location.Directory).IsEmpty
            ? location.Directory
            : throw new InvalidOperationException(
                $"Real MNIST is not in '{location.Directory}' ({location.Source}); set {MnistLocator.EnvironmentVariable} or put shared/mnist beside the repository.");
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

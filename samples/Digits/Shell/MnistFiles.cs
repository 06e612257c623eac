using MnistFunctional.Data;

namespace Digits.Shell;

/// <summary>Finds MNIST (--data, then MNIST_DIR, then data/mnist/), downloading it when missing, and loads it.</summary>
internal static class MnistFiles
{
    public static MnistData Load(string? explicitDirectory, TextWriter log) => Mnist.Load(Ensure(explicitDirectory, log));

    /// <summary>As <see cref="Load"/>, the training set in two parts (see <see cref="Mnist.LoadSplit"/>) and the test set.</summary>
    public static (Dataset First, Dataset Second, Dataset Test) LoadSplit(string? explicitDirectory, TextWriter log, Func<int, (int First, int Second)> split) =>
        Mnist.LoadSplit(Ensure(explicitDirectory, log), split);

    /// <summary>The directory the files are in, downloaded first when missing.</summary>
    private static string Ensure(string? explicitDirectory, TextWriter log)
    {
        var location = Locate(explicitDirectory);
        if (!Mnist.MissingFiles(location.Directory).IsEmpty)
        {
            log.WriteLine($"MNIST is not in {location.Directory}: downloading it from the public mirrors…");
            using var http = new HttpClient();
            var lastPercent = -1L;
            MnistLocator.EnsureAsync(location, new MnistDownloader(http), progress =>
            {
                var percent = progress.TotalBytes is > 0 ? progress.BytesDone * 100 / progress.TotalBytes.Value : -1;
                if (percent != lastPercent && percent % 10 == 0)
                {
                    lastPercent = percent;
                    log.WriteLine($"  {progress.FileName}: {percent}%");
                }
            }).GetAwaiter().GetResult();
        }

        return location.Directory;
    }

    /// <summary>The MNIST files there are, where <see cref="Load"/> reads them.</summary>
    public static IEnumerable<string> Paths(string? explicitDirectory)
    {
        var directory = Locate(explicitDirectory).Directory;
        return Mnist.FileNames.Select(name => Mnist.FindFile(directory, name)).OfType<string>();
    }

    private static MnistLocation Locate(string? explicitDirectory) =>
        MnistLocator.Resolve(
            explicitDirectory,
            Environment.GetEnvironmentVariable(MnistLocator.EnvironmentVariable),
            MnistLocator.DefaultDirectory(Directory.GetCurrentDirectory()));
}

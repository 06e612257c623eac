using System.Collections.Immutable;
using MnistFunctional.Data;

namespace MnistFunctional.Tests.Data;

/// <summary>
/// How the tests find MNIST on a fresh clone: the CLI's lookup and the library's verified download, here against a
/// server on 127.0.0.1 standing in for the mirrors and a temporary folder standing in for the repository.
/// </summary>
public sealed class RealMnistLookupTests : IAsyncLifetime
{
    // Tiny valid stand-ins for the four files; the downloader is told their MD5s.
    private static readonly ImmutableDictionary<string, byte[]> Files = new Dictionary<string, byte[]>
    {
        [Mnist.TrainImages] = Idx.Gzip(Idx.Images(3, 28, 28)),
        [Mnist.TrainLabels] = Idx.Gzip(Idx.Labels(5, 0, 4)),
        [Mnist.TestImages] = Idx.Gzip(Idx.Images(2, 28, 28)),
        [Mnist.TestLabels] = Idx.Gzip(Idx.Labels(7, 2)),
    }.ToImmutableDictionary(StringComparer.Ordinal);

    private readonly LoopbackServer server = new();
    private readonly TempFolder repository = new();
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
        repository.Dispose();
    }

    [Fact]
    public async Task Without_MNIST_DIR_the_files_are_downloaded_into_data_mnist_of_the_repository()
    {
        foreach (var (name, bytes) in Files)
        {
            server.Route("m1", name, LoopbackServer.Reply.Ok(bytes));
        }

        var directory = await RealMnist.FindAsync(repository.Path, null, Downloader(server.Mirror("m1")));

        Assert.Equal(Path.Combine(repository.Path, "data", "mnist"), directory);
        Assert.Equal([7, 2], Mnist.Load(directory).Test.Labels);
        Assert.Equal(4, server.Requests.Length);
    }

    [Fact]
    public async Task A_relative_MNIST_DIR_is_taken_from_the_repository_root_and_complete_files_are_not_fetched_again()
    {
        var folder = Path.Combine(repository.Path, "elsewhere");
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in Files)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes);
        }

        var directory = await RealMnist.FindAsync(repository.Path, "elsewhere", Downloader(server.Mirror("m1")));

        Assert.Equal(folder, directory);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Offline_and_without_MNIST_the_failure_is_one_line_that_says_how_to_provide_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RealMnist.FindAsync(repository.Path, null, Downloader(LoopbackServer.RefusingMirror())));

        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"Real MNIST is not in '{Path.Combine(repository.Path, "data", "mnist")}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("request failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("set MNIST_DIR to a folder holding", error.Message, StringComparison.Ordinal);
        Assert.Contains("data/mnist/", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(repository.Path, "data", "mnist")));
    }

    private MnistDownloader Downloader(Uri mirror) =>
        new(http, [mirror], Files.ToDictionary(f => f.Key, f => Idx.Md5(f.Value)));
}

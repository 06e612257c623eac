using System.Collections.Concurrent;
using MnistFunctional.Data;

namespace MnistFunctional.Tests.Data;

public sealed class MnistDownloaderTests : IAsyncLifetime
{
    private const string FileName = Mnist.TestLabels;

    // A tiny valid labels file stands in for the real one; the downloader is told its MD5.
    private static readonly byte[] Good = Idx.Gzip(Idx.Labels(7, 2, 1, 0, 4, 1, 4, 9, 5, 9));

    private readonly LoopbackServer server = new();
    private readonly TempFolder target = new();
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
        target.Dispose();
    }

    [Fact]
    public async Task A_verified_file_is_written_under_its_name_with_progress_reported()
    {
        server.Route("m1", FileName, LoopbackServer.Reply.Ok(Good));
        var progress = new ConcurrentQueue<DownloadProgress>();

        var path = await Downloader("m1").DownloadFileAsync(target.Path, FileName, progress.Enqueue);

        Assert.Equal(Path.Combine(target.Path, FileName), path);
        Assert.Equal(Good, await File.ReadAllBytesAsync(path));
        Assert.Equal([FileName], target.Entries());
        Assert.Equal([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], IdxReader.ReadFile(path, IdxKind.Labels).Values);
        var last = progress.Last();
        Assert.Equal((FileName, (long)Good.Length, (long?)Good.Length), (last.FileName, last.BytesDone, last.TotalBytes));
        Assert.Equal(new Uri(server.Mirror("m1"), FileName), last.Source);
    }

    [Fact]
    public async Task A_corrupted_file_is_rejected_and_nothing_is_left_behind()
    {
        var corrupt = (byte[])Good.Clone();
        corrupt[^10] ^= 0x01;
        server.Route("m1", FileName, LoopbackServer.Reply.Ok(corrupt));

        var error = await Assert.ThrowsAsync<DownloadException>(() => Downloader("m1").DownloadFileAsync(target.Path, FileName));

        Assert.Contains("MD5 mismatch", Assert.Single(error.Failures).Reason, StringComparison.Ordinal);
        Assert.Empty(target.Entries());
    }

    [Fact]
    public async Task An_interrupted_download_is_rejected_and_nothing_is_left_behind()
    {
        server.Route("m1", FileName, LoopbackServer.Reply.Interrupted(Good));

        var error = await Assert.ThrowsAsync<DownloadException>(() => Downloader("m1").DownloadFileAsync(target.Path, FileName));

        Assert.Contains("interrupted", Assert.Single(error.Failures).Reason, StringComparison.Ordinal);
        Assert.Empty(target.Entries());
    }

    [Fact]
    public async Task A_stalled_download_times_out_and_nothing_is_left_behind()
    {
        server.Route("m1", FileName, LoopbackServer.Reply.Stalled(Good));
        var downloader = new MnistDownloader(http, [server.Mirror("m1")], Expected(), readTimeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadFileAsync(target.Path, FileName));

        Assert.Contains("timed out", Assert.Single(error.Failures).Reason, StringComparison.Ordinal);
        Assert.Empty(target.Entries());
    }

    [Fact]
    public async Task Cancelling_stops_the_download_and_removes_the_partial_file()
    {
        server.Route("m1", FileName, LoopbackServer.Reply.Stalled(Good));
        using var cancel = new CancellationTokenSource();

        // Cancel once bytes have arrived, i.e. while the temporary file exists.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Downloader("m1").DownloadFileAsync(target.Path, FileName, p => { if (p.BytesDone > 0) { cancel.Cancel(); } }, cancel.Token));

        Assert.Empty(target.Entries());
    }

    [Theory]
    [InlineData("404")]
    [InlineData("corrupt")]
    [InlineData("interrupted")]
    [InlineData("refused")]
    public async Task The_next_mirror_is_tried_when_one_fails(string failure)
    {
        var first = failure == "refused" ? LoopbackServer.RefusingMirror() : server.Mirror("m1");
        server.Route("m1", FileName, Failing(failure));
        server.Route("m2", FileName, LoopbackServer.Reply.Ok(Good));
        var downloader = new MnistDownloader(http, [first, server.Mirror("m2")], Expected());

        var path = await downloader.DownloadFileAsync(target.Path, FileName);

        Assert.Equal(Good, await File.ReadAllBytesAsync(path));
        Assert.Equal([FileName], target.Entries());
        Assert.Equal($"/m2/{FileName}", server.Requests[^1]);
    }

    [Fact]
    public async Task When_every_mirror_fails_the_error_names_each_failure_and_nothing_is_left_behind()
    {
        server.Route("m1", FileName, Failing("404"));
        server.Route("m2", FileName, Failing("corrupt"));
        server.Route("m3", FileName, Failing("interrupted"));
        var refused = LoopbackServer.RefusingMirror();
        var downloader = new MnistDownloader(http, [server.Mirror("m1"), server.Mirror("m2"), server.Mirror("m3"), refused], Expected());

        var error = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadFileAsync(target.Path, FileName));

        Assert.Equal(4, error.Failures.Length);
        Assert.Contains("HTTP 404", error.Failures[0].Reason, StringComparison.Ordinal);
        Assert.Contains("MD5 mismatch", error.Failures[1].Reason, StringComparison.Ordinal);
        Assert.Contains("interrupted", error.Failures[2].Reason, StringComparison.Ordinal);
        Assert.Contains("request failed", error.Failures[3].Reason, StringComparison.Ordinal);
        Assert.Contains(FileName, error.Message, StringComparison.Ordinal);
        foreach (var mirror in new[] { server.Mirror("m1"), server.Mirror("m2"), server.Mirror("m3"), refused })
        {
            Assert.Contains(new Uri(mirror, FileName).ToString(), error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(target.Entries());
    }

    [Fact]
    public async Task A_failed_download_leaves_an_existing_file_untouched()
    {
        var existing = target.Write(FileName, [1, 2, 3]);
        server.Route("m1", FileName, Failing("corrupt"));

        await Assert.ThrowsAsync<DownloadException>(() => Downloader("m1").DownloadFileAsync(target.Path, FileName));

        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(existing));
        Assert.Equal([FileName], target.Entries());
    }

    [Fact]
    public async Task A_mirror_without_a_trailing_slash_keeps_its_path()
    {
        server.Route("deep/m1", FileName, LoopbackServer.Reply.Ok(Good));
        var mirror = new Uri($"http://127.0.0.1:{server.Port}/deep/m1");

        await new MnistDownloader(http, [mirror], Expected()).DownloadFileAsync(target.Path, FileName);

        Assert.Equal([FileName], target.Entries());
    }

    [Fact]
    public async Task A_file_without_a_known_checksum_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Downloader("m1").DownloadFileAsync(target.Path, "unknown.gz"));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Ensure_downloads_only_the_missing_files_and_the_result_loads()
    {
        var files = new Dictionary<string, byte[]>
        {
            [Mnist.TrainImages] = Idx.Gzip(Idx.Images(3, 28, 28)),
            [Mnist.TrainLabels] = Idx.Gzip(Idx.Labels(5, 0, 4)),
            [Mnist.TestImages] = Idx.Gzip(Idx.Images(2, 28, 28)),
            [Mnist.TestLabels] = Idx.Gzip(Idx.Labels(7, 2)),
        };
        foreach (var (name, bytes) in files)
        {
            server.Route("m1", name, LoopbackServer.Reply.Ok(bytes));
        }

        var downloader = new MnistDownloader(http, [server.Mirror("m1")], files.ToDictionary(f => f.Key, f => Idx.Md5(f.Value)));
        var directory = Path.Combine(target.Path, "data", "mnist");
        var location = MnistLocator.Resolve(null, null, directory);

        Assert.Equal(directory, await MnistLocator.EnsureAsync(location, downloader));
        var data = Mnist.Load(directory);
        Assert.Equal([5, 0, 4], data.Train.Labels);
        Assert.Equal([7, 2], data.Test.Labels);
        Assert.Equal(4, server.Requests.Length);

        await MnistLocator.EnsureAsync(location, downloader);
        Assert.Equal(4, server.Requests.Length);
    }

    [Fact]
    public void The_default_mirrors_are_the_public_ones()
    {
        Assert.Equal(
            ["https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"],
            MnistDownloader.DefaultMirrors.Select(m => m.ToString()));
    }

    [Fact]
    public void The_published_checksums_cover_the_four_MNIST_files()
    {
        Assert.Equal(Mnist.FileNames.Order(StringComparer.Ordinal), MnistDownloader.PublishedMd5.Keys.Order(StringComparer.Ordinal));
    }

    private MnistDownloader Downloader(string mirror) => new(http, [server.Mirror(mirror)], Expected());

    private static Dictionary<string, string> Expected() => new() { [FileName] = Idx.Md5(Good) };

    private static LoopbackServer.Reply Failing(string failure) => failure switch
    {
        "404" => LoopbackServer.Reply.Status(404, "Not Found"),
        "corrupt" => LoopbackServer.Reply.Ok([.. Good[..^1], (byte)(Good[^1] ^ 0xff)]),
        "interrupted" => LoopbackServer.Reply.Interrupted(Good),
        _ => LoopbackServer.Reply.Status(500, "Internal Server Error"),
    };
}

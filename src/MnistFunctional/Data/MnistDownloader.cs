using System.Collections.Immutable;
using System.Security.Cryptography;

namespace MnistFunctional.Data;

/// <summary>
/// Downloads the MNIST files from public mirrors. Each file is written to a temporary file in the target folder
/// and renamed to its real name only once its MD5 matches; on any failure the temporary file is deleted and
/// the next mirror is tried. The caller owns the <see cref="HttpClient"/>.
/// </summary>
public sealed class MnistDownloader
{
    private readonly HttpClient http;
    private readonly ImmutableArray<Uri> mirrors;
    private readonly IReadOnlyDictionary<string, string> expectedMd5;
    private readonly TimeSpan readTimeout;

    /// <param name="http">The client to download with (tests pass one bound to 127.0.0.1).</param>
    /// <param name="mirrors">Base addresses tried in order; defaults to <see cref="DefaultMirrors"/>.</param>
    /// <param name="expectedMd5">MD5 (hex) of each file as served; defaults to <see cref="PublishedMd5"/>.</param>
    /// <param name="readTimeout">How long to wait for the next bytes before giving up on a mirror; defaults to 60 s.</param>
    public MnistDownloader(
        HttpClient http,
        IEnumerable<Uri>? mirrors = null,
        IReadOnlyDictionary<string, string>? expectedMd5 = null,
        TimeSpan? readTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        this.http = http;

        // A base address without a trailing slash would lose its last segment when the file name is appended.
        this.mirrors = [.. (mirrors ?? DefaultMirrors).Select(m => m.AbsoluteUri.EndsWith('/') ? m : new Uri(m.AbsoluteUri + "/"))];
        if (this.mirrors.IsEmpty)
        {
            throw new ArgumentException("At least one mirror is needed.", nameof(mirrors));
        }

        this.expectedMd5 = expectedMd5 ?? PublishedMd5;
        this.readTimeout = readTimeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>Public mirrors of the original MNIST .gz files, in the order they are tried.</summary>
    public static ImmutableArray<Uri> DefaultMirrors { get; } =
    [
        new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        new("https://storage.googleapis.com/cvdf-datasets/mnist/"),
    ];

    /// <summary>The MD5 the mirrors publish for their .gz files (not for the uncompressed content).</summary>
    public static ImmutableDictionary<string, string> PublishedMd5 { get; } = new Dictionary<string, string>
    {
        [Mnist.TrainImages] = "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        [Mnist.TrainLabels] = "d53e105ee54ea40749a09fcbcd1e9432",
        [Mnist.TestImages] = "9fb629c4189551a2d022fa330f9573f3",
        [Mnist.TestLabels] = "ec29112dd5afa0611ce80d1b7f02629c",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>Downloads each of <paramref name="fileNames"/> into <paramref name="directory"/>, one after another.</summary>
    /// <exception cref="DownloadException">A file could not be fetched and verified from any mirror.</exception>
    public async Task DownloadAsync(
        string directory,
        IEnumerable<string> fileNames,
        Action<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileNames);
        foreach (var fileName in fileNames)
        {
            await DownloadFileAsync(directory, fileName, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Downloads one file into <paramref name="directory"/> and returns its path.</summary>
    /// <exception cref="DownloadException">No mirror delivered the file with the expected MD5.</exception>
    public async Task<string> DownloadFileAsync(
        string directory,
        string fileName,
        Action<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (!expectedMd5.TryGetValue(fileName, out var md5))
        {
            // Refuse rather than write a file nobody can vouch for.
            throw new ArgumentException($"No expected MD5 is known for '{fileName}'.", nameof(fileName));
        }

        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, fileName);
        var failures = ImmutableArray.CreateBuilder<MirrorFailure>(mirrors.Length);
        foreach (var mirror in mirrors)
        {
            var source = new Uri(mirror, Uri.EscapeDataString(fileName));
            var failure = await TryDownloadAsync(source, fileName, md5, target, progress, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return target;
            }

            failures.Add(new MirrorFailure(source, failure));
        }

        throw new DownloadException(fileName, failures.ToImmutable());
    }

    /// <summary>One attempt; returns null on success, else the reason it failed. The temp file never outlives it.</summary>
    private async Task<string?> TryDownloadAsync(
        Uri source,
        string fileName,
        string expectedMd5Hex,
        string target,
        Action<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $"{fileName}.{Path.GetRandomFileName()}.tmp");
        var done = false;
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            stall.CancelAfter(readTimeout);
            using var response = await http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
            }

            var total = response.Content.Headers.ContentLength;
            long received = 0;

            // MD5 because that is what the mirrors publish; it guards against corruption, not against an attacker.
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            var body = await response.Content.ReadAsStreamAsync(stall.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    var buffer = new byte[1 << 16];
                    progress?.Invoke(new DownloadProgress(fileName, source, 0, total));
                    while (true)
                    {
                        stall.CancelAfter(readTimeout);
                        var n = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                        if (n == 0)
                        {
                            break;
                        }

                        await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                        hash.AppendData(buffer, 0, n);
                        received += n;
                        progress?.Invoke(new DownloadProgress(fileName, source, received, total));
                    }

                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (total is long expected && received != expected)
            {
                return $"the download was interrupted after {received:N0} of {expected:N0} bytes";
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!string.Equals(actual, expectedMd5Hex, StringComparison.OrdinalIgnoreCase))
            {
                return $"MD5 mismatch: got {actual}, expected {expectedMd5Hex.ToLowerInvariant()} ({received:N0} bytes received; the file is corrupt or not the original)";
            }

            File.Move(temp, target, overwrite: true);
            done = true;
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no data received for {readTimeout.TotalSeconds:0.#} s (timed out)";
        }
        catch (HttpRequestException e)
        {
            return $"request failed: {e.Message}";
        }
        catch (IOException e)
        {
            // HttpIOException (connection closed mid-body) lands here as well as local write errors.
            return $"the download was interrupted: {e.Message}";
        }
        finally
        {
            if (!done)
            {
                TryDelete(temp);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the failure being reported matters more than a leftover temp file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

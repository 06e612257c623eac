using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using MnistFunctional.Tests;

namespace MnistFunctional.Imaging.Tests.Serve;

/// <summary>
/// Debian's <c>chromium</c>, headless, with one page driven over the DevTools protocol. <c>.ci/run</c> installs the
/// browser when it is missing; the test fails with that hint if it is not there.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly TempFolder profile;

    private HeadlessChromium(Process process, TempFolder profile, CdpConnection page)
    {
        this.process = process;
        this.profile = profile;
        Page = page;
    }

    public CdpConnection Page { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var profile = new TempFolder();
        var start = new ProcessStartInfo("chromium")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--remote-debugging-port=0", "--window-size=1000,800",
            $"--user-data-dir={profile.Path}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception error)
        {
            profile.Dispose();
            throw new InvalidOperationException($"Cannot start 'chromium' ({error.Message}): install it (Debian: apt-get install chromium; .ci/run does).", error);
        }

        try
        {
            var port = await DevToolsPortAsync(process);
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
            var targets = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list"))).RootElement;
            var page = targets.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page");
            using var connecting = new CancellationTokenSource(StartTimeout);
            var connection = await CdpConnection.ConnectAsync(new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!), connecting.Token);
            return new HeadlessChromium(process, profile, connection);
        }
        catch
        {
            Stop(process);
            profile.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Page.DisposeAsync();
        Stop(process);
        profile.Dispose();
    }

    // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/…" on stderr once it is ready.
    private static async Task<int> DevToolsPortAsync(Process process)
    {
        const string Marker = "DevTools listening on ws://127.0.0.1:";
        using var timeout = new CancellationTokenSource(StartTimeout);
        var seen = new List<string>();
        while (await ReadLineAsync(process, timeout.Token, seen) is { } line)
        {
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                _ = process.StandardError.ReadToEndAsync(); // keep draining, so chromium never blocks on a full pipe
                _ = process.StandardOutput.ReadToEndAsync();
                return int.Parse(line.AsSpan(Marker.Length, line.IndexOf('/', Marker.Length) - Marker.Length), provider: null);
            }

            seen.Add(line);
        }

        process.WaitForExit(5_000);
        throw new InvalidOperationException($"chromium exited ({(process.HasExited ? process.ExitCode : "?")}) before opening DevTools: {string.Join(" | ", seen.TakeLast(5))}");
    }

    private static async Task<string?> ReadLineAsync(Process process, CancellationToken timeout, List<string> seen)
    {
        try
        {
            return await process.StandardError.ReadLineAsync(timeout);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"chromium did not open DevTools within {StartTimeout.TotalSeconds:0} s: {string.Join(" | ", seen.TakeLast(5))}");
        }
    }

    private static void Stop(Process process)
    {
        using (process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
    }
}

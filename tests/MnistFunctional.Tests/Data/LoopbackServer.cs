using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MnistFunctional.Tests.Data;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 built on a raw TcpListener, so a test can serve a good file, a wrong
/// status, a body cut short (the connection closes before Content-Length bytes) or a body that stalls.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, Reply> routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> requests = new();
    private readonly Task acceptLoop;

    public LoopbackServer()
    {
        listener.Start();
        acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Paths requested so far, in order.</summary>
    public string[] Requests => [.. requests];

    /// <summary>A mirror base address; the path is "/{name}/".</summary>
    public Uri Mirror(string name) => new($"http://127.0.0.1:{Port}/{name}/");

    /// <summary>A mirror on a port that was free a moment ago: connecting to it is refused, as when offline.</summary>
    public static Uri RefusingMirror()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}/m0/");
    }

    public void Route(string mirror, string fileName, Reply reply) => routes[$"/{mirror}/{fileName}"] = reply;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var path = await ReadRequestPathAsync(stream);
                requests.Enqueue(path);
                var reply = routes.GetValueOrDefault(path) ?? Reply.Status(404, "Not Found");
                var head = $"HTTP/1.1 {reply.Code} {reply.Reason}\r\nContent-Type: application/octet-stream\r\nContent-Length: {reply.Body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop.Token);
                await stream.WriteAsync(reply.Body.AsMemory(0, reply.SendBytes ?? reply.Body.Length), stop.Token);
                await stream.FlushAsync(stop.Token);
                if (reply.Stall)
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // The client gave up or the server is stopping.
            }
        }
    }

    private static async Task<string> ReadRequestPathAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[1024];
        while (!EndsWithBlankLine(received))
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, n));
        }

        var requestLine = Encoding.ASCII.GetString([.. received]).Split("\r\n")[0];
        var parts = requestLine.Split(' ');
        return parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';

    /// <summary>What to answer: a status and body, optionally sending only the first SendBytes, optionally never finishing.</summary>
    internal sealed record Reply(int Code, string Reason, byte[] Body, int? SendBytes = null, bool Stall = false)
    {
        public static Reply Ok(byte[] body) => new(200, "OK", body);

        public static Reply Status(int code, string reason) => new(code, reason, Encoding.ASCII.GetBytes(reason));

        /// <summary>Announces the whole body, sends half of it, then closes the connection.</summary>
        public static Reply Interrupted(byte[] body) => new(200, "OK", body, body.Length / 2);

        /// <summary>Announces the whole body, sends half of it, then sends nothing more.</summary>
        public static Reply Stalled(byte[] body) => new(200, "OK", body, body.Length / 2, Stall: true);
    }
}

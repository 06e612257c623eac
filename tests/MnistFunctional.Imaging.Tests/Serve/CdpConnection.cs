using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace MnistFunctional.Imaging.Tests.Serve;

/// <summary>
/// The Chrome DevTools Protocol over one WebSocket: commands sent with an id, answered by the message carrying that
/// id (events are ignored). Enough to drive a page from a test.
/// </summary>
internal sealed class CdpConnection : IAsyncDisposable
{
    private readonly ClientWebSocket socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> waiting = new();
    private readonly CancellationTokenSource stop = new();
    private Task receiving = Task.CompletedTask;
    private int lastId;

    public static async Task<CdpConnection> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var connection = new CdpConnection();
        await connection.socket.ConnectAsync(endpoint, cancellationToken);
        connection.receiving = Task.Run(connection.ReceiveAsync);
        return connection;
    }

    /// <summary>Sends <paramref name="method"/> and returns its <c>result</c>; a protocol error becomes an exception naming it.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref lastId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[id] = answer;
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, stop.Token);
        var reply = await answer.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        return reply.TryGetProperty("error", out var error)
            ? throw new InvalidOperationException($"{method} failed: {error}")
            : reply.GetProperty("result");
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true });
        return result.TryGetProperty("exceptionDetails", out var thrown)
            ? throw new InvalidOperationException($"'{expression}' threw in the page: {thrown}")
            : result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await receiving;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }

        socket.Dispose();
        stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            var part = await socket.ReceiveAsync(buffer, stop.Token);
            if (part.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, part.Count);
            if (!part.EndOfMessage)
            {
                continue;
            }

            var root = JsonDocument.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)).RootElement;
            message.SetLength(0);
            if (root.TryGetProperty("id", out var id) && waiting.TryRemove(id.GetInt32(), out var answer))
            {
                answer.TrySetResult(root.Clone());
            }
        }

        foreach (var answer in waiting.Values)
        {
            answer.TrySetException(new InvalidOperationException("the browser closed the DevTools connection"));
        }
    }
}

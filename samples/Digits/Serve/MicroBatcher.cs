using System.Threading.Channels;

namespace Digits.Serve;

/// <summary>
/// Groups items submitted concurrently into batches and runs each batch with one call of a function: a batch
/// closes at <see cref="MicroBatchOptions.MaxBatch"/> items or <see cref="MicroBatchOptions.Window"/> after its
/// first item, whichever comes first. One batch runs at a time, on a loop of its own; every caller gets the
/// result at its own item's position. The queue is bounded; disposing stops taking items, finishes those queued
/// and then returns.
/// </summary>
internal sealed class MicroBatcher<TItem, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TItem>, IReadOnlyList<TResult>> process;
    private readonly MicroBatchOptions options;
    private readonly TimeProvider time;
    private readonly Channel<Pending> queue;
    private readonly Task loop;
    private long batches;
    private volatile bool closing;

    /// <param name="process">Runs one batch; returns one result per item, in order. An exception fails that batch's items only.</param>
    public MicroBatcher(Func<IReadOnlyList<TItem>, IReadOnlyList<TResult>> process, MicroBatchOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        this.process = process;
        this.options = options ?? MicroBatchOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.QueueCapacity, 1);
        this.time = time ?? TimeProvider.System;
        queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(this.options.QueueCapacity) { SingleReader = true });
        loop = Task.Run(RunAsync);
    }

    /// <summary>Items waiting for a batch.</summary>
    public int Queued => queue.Reader.Count;

    /// <summary>Batches run so far.</summary>
    public long Batches => Interlocked.Read(ref batches);

    /// <summary>Queues <paramref name="item"/> and returns its result once its batch has run.</summary>
    /// <exception cref="BatcherUnavailableException">The queue is full or the batcher is shutting down.</exception>
    public Task<TResult> SubmitAsync(TItem item, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
        {
            throw new BatcherUnavailableException(closing
                ? "the server is shutting down"
                : $"the server is busy: {options.QueueCapacity:N0} images are already waiting");
        }

        // A caller that gives up stops waiting; its item still runs with its batch (cheaper than taking it out).
        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        closing = true;
        queue.Writer.TryComplete();
        await loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = queue.Reader;
        var batch = new List<Pending>(options.MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var opened = time.GetTimestamp();
            while (batch.Count < options.MaxBatch)
            {
                if (reader.TryRead(out var next))
                {
                    batch.Add(next);
                    continue;
                }

                var left = options.Window - time.GetElapsedTime(opened);
                if (batch.Count == 0 || left <= TimeSpan.Zero || !await MoreWithinAsync(reader, left).ConfigureAwait(false))
                {
                    break;
                }
            }

            if (batch.Count > 0)
            {
                Run(batch);
            }
        }
    }

    /// <summary>Waits up to <paramref name="left"/> for another item; false when none came or the queue closed.</summary>
    private async Task<bool> MoreWithinAsync(ChannelReader<Pending> reader, TimeSpan left)
    {
        using var timeout = new CancellationTokenSource(left, time);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Run(List<Pending> batch)
    {
        Interlocked.Increment(ref batches);
        try
        {
            var results = process([.. batch.Select(p => p.Item)]);
            if (results.Count != batch.Count)
            {
                throw new InvalidOperationException($"The batch function returned {results.Count} results for {batch.Count} items.");
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Result.TrySetResult(results[i]);
            }
        }
        catch (Exception error)
        {
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(error);
            }
        }
    }

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Result);
}

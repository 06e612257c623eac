using System.Collections.Concurrent;
using Digits.Serve;

namespace MnistFunctional.Imaging.Tests.Serve;

public sealed class MicroBatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_thousand_items_from_16_tasks_each_get_their_own_result_in_batches_of_at_most_64()
    {
        var sizes = new ConcurrentQueue<int>();
        await using var batcher = new MicroBatcher<int, string>(items =>
        {
            sizes.Enqueue(items.Count);
            return [.. items.Select(i => $"result {i}")];
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
        {
            var mine = new List<(int, string)>();
            for (var i = client; i < 1000; i += 16)
            {
                mine.Add((i, await batcher.SubmitAsync(i)));
            }

            return mine;
        })));

        Assert.All(results.SelectMany(r => r), pair => Assert.Equal($"result {pair.Item1}", pair.Item2));
        Assert.Equal(1000, results.Sum(r => r.Count));
        Assert.Equal(1000, sizes.Sum());
        Assert.All(sizes, size => Assert.InRange(size, 1, 64));
    }

    [Fact]
    public async Task Items_that_arrive_while_a_batch_runs_go_together_into_the_next_one_and_no_batch_exceeds_the_maximum()
    {
        using var gate = new Gate();
        var sizes = new ConcurrentQueue<int>();
        await using var batcher = new MicroBatcher<int, int>(
            items =>
            {
                gate.PassFirst();
                sizes.Enqueue(items.Count);
                return [.. items.Select(i => -i)];
            },
            new MicroBatchOptions { MaxBatch = 64 });

        var first = batcher.SubmitAsync(0);
        gate.WaitUntilEntered();
        var rest = Enumerable.Range(1, 150).Select(i => batcher.SubmitAsync(i)).ToArray();
        gate.Open();

        Assert.Equal(0, await first);
        Assert.Equal(Enumerable.Range(1, 150).Select(i => -i), await Task.WhenAll(rest));
        Assert.Equal([1, 64, 64, 22], sizes);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_and_says_so()
    {
        using var gate = new Gate();
        await using var batcher = new MicroBatcher<int, int>(
            items =>
            {
                gate.PassFirst();
                return [.. items];
            },
            new MicroBatchOptions { QueueCapacity = 4 });

        var running = batcher.SubmitAsync(0);
        gate.WaitUntilEntered();
        var queued = Enumerable.Range(1, 4).Select(i => batcher.SubmitAsync(i)).ToArray();

        var refused = Assert.Throws<BatcherUnavailableException>(() => { _ = batcher.SubmitAsync(5); });
        Assert.Equal("the server is busy: 4 images are already waiting", refused.Message);
        gate.Open();
        Assert.Equal(new[] { 1, 2, 3, 4 }, await Task.WhenAll(queued));
        Assert.Equal(0, await running);
    }

    [Fact]
    public async Task Disposing_answers_the_queued_items_and_then_refuses_new_ones()
    {
        using var gate = new Gate();
        var batcher = new MicroBatcher<int, int>(items =>
        {
            gate.PassFirst();
            return [.. items.Select(i => i * 10)];
        });

        var running = batcher.SubmitAsync(1);
        gate.WaitUntilEntered();
        var queued = batcher.SubmitAsync(2);
        var disposing = batcher.DisposeAsync().AsTask();

        var refused = Assert.Throws<BatcherUnavailableException>(() => { _ = batcher.SubmitAsync(3); });
        Assert.Equal("the server is shutting down", refused.Message);
        Assert.False(disposing.IsCompleted);
        gate.Open();
        await disposing.WaitAsync(Patience);
        Assert.Equal((10, 20), (await running, await queued));
    }

    [Fact]
    public async Task A_failing_batch_fails_its_own_items_only()
    {
        using var gate = new Gate();
        var calls = 0;
        await using var batcher = new MicroBatcher<int, int>(items =>
        {
            gate.PassFirst();
            if (Interlocked.Increment(ref calls) == 2)
            {
                throw new InvalidOperationException("model failed");
            }

            return [.. items];
        });

        var first = batcher.SubmitAsync(1);
        gate.WaitUntilEntered();
        var failing = new[] { batcher.SubmitAsync(2), batcher.SubmitAsync(3) };
        gate.Open();

        Assert.Equal(1, await first);
        foreach (var item in failing)
        {
            Assert.Equal("model failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => item)).Message);
        }

        Assert.Equal(4, await batcher.SubmitAsync(4));
    }

    [Fact]
    public async Task A_batch_function_that_returns_the_wrong_count_fails_that_batch()
    {
        await using var batcher = new MicroBatcher<int, int>(_ => [1, 2]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.SubmitAsync(7));

        Assert.Equal("The batch function returned 2 results for 1 items.", error.Message);
    }

    /// <summary>Holds the first batch inside the batch function until the test opens it, so items pile up meanwhile.</summary>
    private sealed class Gate : IDisposable
    {
        private readonly ManualResetEventSlim entered = new();
        private readonly ManualResetEventSlim open = new();
        private int passes;

        public void PassFirst()
        {
            if (Interlocked.Increment(ref passes) == 1)
            {
                entered.Set();
                Assert.True(open.Wait(Patience), "the test never opened the gate");
            }
        }

        public void WaitUntilEntered() => Assert.True(entered.Wait(Patience), "the first batch never started");

        public void Open() => open.Set();

        public void Dispose()
        {
            open.Set();
            entered.Dispose();
            open.Dispose();
        }
    }
}

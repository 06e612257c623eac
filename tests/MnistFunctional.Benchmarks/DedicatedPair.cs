namespace MnistFunctional.Benchmarks;

/// <summary>
/// Two threads of their own that run <c>body(0)</c> and <c>body(1)</c> at once for each <see cref="Run"/> (they
/// leave a barrier together), without the thread pool: what two cores give a call split in halves.
/// </summary>
public sealed class DedicatedPair : IDisposable
{
    private readonly Barrier barrier = new(3);
    private readonly Thread[] threads;
    private volatile bool stopping;

    public DedicatedPair(Action<int> body)
    {
        threads = [.. Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            while (true)
            {
                barrier.SignalAndWait();
                if (stopping)
                {
                    return;
                }

                body(i);
                barrier.SignalAndWait();
            }
        }) { IsBackground = true, Name = $"half {i}" })];
        Array.ForEach(threads, t => t.Start());
    }

    /// <summary>Both halves, returning when both are done.</summary>
    public void Run()
    {
        barrier.SignalAndWait();
        barrier.SignalAndWait();
    }

    public void Dispose()
    {
        stopping = true;
        barrier.SignalAndWait();
        Array.ForEach(threads, t => t.Join());
        barrier.Dispose();
    }
}

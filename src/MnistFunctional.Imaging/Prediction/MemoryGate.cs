namespace MnistFunctional.Imaging.Prediction;

/// <summary>
/// A budget of bytes shared by parallel workers: each enters with the bytes its work will hold and waits while
/// the others already hold too much. One piece of work larger than the whole budget gets it all, alone.
/// </summary>
public sealed class MemoryGate
{
    private readonly object sync = new();
    private long inUse;

    public MemoryGate(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public long Capacity { get; }

    /// <summary>The most bytes held at once so far (what the bound promises never to exceed <see cref="Capacity"/>).</summary>
    public long Peak { get; private set; }

    /// <summary>Waits until <paramref name="bytes"/> fit in the budget, takes them, and gives them back on dispose.</summary>
    public IDisposable Enter(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var weight = Math.Min(bytes, Capacity);
        lock (sync)
        {
            while (inUse + weight > Capacity)
            {
                Monitor.Wait(sync);
            }

            inUse += weight;
            Peak = Math.Max(Peak, inUse);
        }

        return new Permit(this, weight);
    }

    private void Leave(long weight)
    {
        lock (sync)
        {
            inUse -= weight;
            Monitor.PulseAll(sync);
        }
    }

    private sealed class Permit(MemoryGate gate, long weight) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                gate.Leave(weight);
            }
        }
    }
}

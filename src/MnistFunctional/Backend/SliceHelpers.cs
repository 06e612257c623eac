using System.Collections.Concurrent;

namespace MnistFunctional.Backend;

/// <summary>
/// The threads that run <see cref="SliceRunner"/>'s helpers: one per core beyond the caller's, the backend's own,
/// started on first use and parked between calls. Not the thread pool's: on this kind of 2-vCPU VM a pool worker
/// woken for a call often shared the caller's core for milliseconds (Predict of 256 with pool helpers: 90th
/// percentile call 2,300–4,000 µs, one thread's time; with a thread of its own: 2,050–2,200 µs). A helper still
/// busy with another runner's call only comes late, and the caller then takes the slices itself.
/// </summary>
internal sealed class SliceHelpers
{
    private static readonly Lazy<SliceHelpers> Process = new(() => new SliceHelpers(Math.Max(1, Environment.ProcessorCount - 1)));

    private readonly BlockingCollection<IThreadPoolWorkItem> items = [];

    private SliceHelpers(int threads)
    {
        for (var i = 0; i < threads; i++)
        {
            new Thread(Serve) { IsBackground = true, Name = $"MnistFunctional slice helper {i + 1}" }.Start();
        }
    }

    /// <summary>The process's helpers (a process has as many cores to share, whichever workspaces it runs).</summary>
    public static SliceHelpers Shared => Process.Value;

    public void Queue(IThreadPoolWorkItem item) => items.Add(item);

    private void Serve()
    {
        foreach (var item in items.GetConsumingEnumerable())
        {
            item.Execute();
        }
    }
}

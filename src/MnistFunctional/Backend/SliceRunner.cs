using System.Runtime.ExceptionServices;

namespace MnistFunctional.Backend;

/// <summary>
/// Runs slices 0..n−1 of one call in parallel — slice 0 on the calling thread, the others as reusable
/// thread-pool work items — and waits for all. Owned by a workspace and reused, so a call allocates nothing
/// (Parallel.For allocates its closures and tasks every time). One call at a time per runner.
/// </summary>
public sealed class SliceRunner
{
    private readonly WorkItem[] items;
    private readonly ManualResetEventSlim done = new(false);
    private object? state;
    private Action<object, int>? body;
    private int pending;
    private ExceptionDispatchInfo? failure;

    public SliceRunner(int slices)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        Slices = slices;
        items = [.. Enumerable.Range(1, slices - 1).Select(slice => new WorkItem(this, slice))];
    }

    public int Slices { get; }

    /// <summary>body(state, slice) for every slice; <paramref name="body"/> should be a static lambda (no closure).</summary>
    public void Run(object state, Action<object, int> body)
    {
        if (Slices == 1)
        {
            body(state, 0);
            return;
        }

        (this.state, this.body, failure) = (state, body, null);
        pending = Slices - 1;
        done.Reset();
        foreach (var item in items)
        {
            ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
        }

        try
        {
            body(state, 0);
        }
        finally
        {
            done.Wait();
            (this.state, this.body) = (null, null);
        }

        failure?.Throw();
    }

    private void Execute(int slice)
    {
        try
        {
            body!(state!, slice);
        }
        catch (Exception exception)
        {
            failure ??= ExceptionDispatchInfo.Capture(exception);
        }
        finally
        {
            if (Interlocked.Decrement(ref pending) == 0)
            {
                done.Set();
            }
        }
    }

    private sealed class WorkItem(SliceRunner owner, int slice) : IThreadPoolWorkItem
    {
        public void Execute() => owner.Execute(slice);
    }
}

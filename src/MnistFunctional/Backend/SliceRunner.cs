using System.Runtime.ExceptionServices;

namespace MnistFunctional.Backend;

/// <summary>
/// Runs slices 0..n−1 of one call in parallel and waits for all. The calling thread and n − 1 helpers (reusable
/// work items for the backend's own threads, <see cref="SliceHelpers"/>) take the slices in turn, each slice once, so when a helper starts late — on this kind
/// of VM the other core is now and then away for milliseconds — the caller runs its slice instead of waiting for
/// it. Which thread runs a slice never changes a result: each slice writes only its own buffers. Owned by a
/// workspace and reused, so a call allocates nothing (Parallel.For allocates its closures and tasks every time).
/// One call at a time per runner.
/// </summary>
public sealed class SliceRunner
{
    private readonly Helper[] helpers;
    private readonly Action<IThreadPoolWorkItem> queue;
    private readonly ManualResetEventSlim done = new(false);
    private object? state;
    private Action<object, int>? body;
    private int next;
    private int pending;
    private ExceptionDispatchInfo? failure;

    public SliceRunner(int slices)
        : this(slices, SliceHelpers.Shared.Queue)
    {
    }

    /// <summary>A runner whose helpers go to <paramref name="queue"/> instead of <see cref="SliceHelpers"/> (tests: helpers that come late).</summary>
    internal SliceRunner(int slices, Action<IThreadPoolWorkItem> queue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        Slices = slices;
        this.queue = queue;
        helpers = [.. Enumerable.Range(1, slices - 1).Select(_ => new Helper(this))];
        next = slices;
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
        pending = Slices;
        done.Reset();
        Volatile.Write(ref next, 0); // after the call's arguments: a helper that takes a slice sees them
        foreach (var helper in helpers)
        {
            queue(helper);
        }

        try
        {
            TakeSlices();
        }
        finally
        {
            done.Wait();
            (this.state, this.body) = (null, null);
        }

        failure?.Throw();
    }

    /// <summary>
    /// Runs slices nobody has taken until none is left. A helper that starts after its call has ended finds
    /// none (or helps the next call, whose arguments are then in place).
    /// </summary>
    private void TakeSlices()
    {
        int slice;
        while ((slice = Interlocked.Increment(ref next) - 1) < Slices)
        {
            Execute(slice);
        }
    }

    private void Execute(int slice)
    {
        try
        {
            body!(state!, slice);
        }
        catch (Exception exception)
        {
            Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(exception), null);
        }
        finally
        {
            if (Interlocked.Decrement(ref pending) == 0)
            {
                done.Set();
            }
        }
    }

    private sealed class Helper(SliceRunner owner) : IThreadPoolWorkItem
    {
        public void Execute() => owner.TakeSlices();
    }
}

using MnistFunctional.Backend;
using MnistFunctional.Models;

namespace MnistFunctional.Tests.Backend;

/// <summary>The runner behind a workspace's slices: each slice once per call, on whichever thread takes it, errors surfaced.</summary>
public class SliceRunnerTests
{
    private sealed class Calls(int slices)
    {
        public int[] Runs { get; } = new int[slices];

        public HashSet<int> Threads { get; } = [];

        public IThreadPoolWorkItem? Stale { get; init; }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Every_call_runs_each_slice_exactly_once(int slices)
    {
        var runner = new SliceRunner(slices);
        for (var call = 0; call < 300; call++)
        {
            var calls = new Calls(slices);
            runner.Run(calls, static (state, slice) =>
            {
                var calls = (Calls)state;
                Thread.SpinWait(Random.Shared.Next(2_000)); // uneven slices: sometimes the caller takes a helper's slice
                Interlocked.Increment(ref calls.Runs[slice]);
            });

            Assert.All(calls.Runs, runs => Assert.Equal(1, runs));
        }
    }

    [Fact]
    public void A_call_returns_only_after_every_slice_has_finished()
    {
        var runner = new SliceRunner(2);
        for (var call = 0; call < 100; call++)
        {
            var finished = new int[2];
            runner.Run(finished, static (state, slice) =>
            {
                Thread.Sleep(slice == 1 ? 2 : 0);
                Volatile.Write(ref ((int[])state)[slice], 1);
            });

            Assert.Equal([1, 1], finished);
        }
    }

    [Fact]
    public void The_caller_runs_the_slices_of_helpers_that_come_late_and_a_late_helper_joins_the_next_call()
    {
        var late = new List<IThreadPoolWorkItem>();
        var runner = new SliceRunner(3, late.Add);
        var caller = Environment.CurrentManagedThreadId;

        var first = new Calls(3);
        runner.Run(first, Record);

        // No helper ran during the call: the caller took all three slices, once each.
        Assert.Equal([1, 1, 1], first.Runs);
        Assert.Equal([caller], first.Threads);
        Assert.Equal(2, late.Count);

        // The first call's helpers arrive after it ended: they find nothing to do.
        late.ForEach(helper => helper.Execute());
        Assert.Equal([1, 1, 1], first.Runs);

        // A helper of the first call that starts while the second one runs takes that call's slices not yet taken.
        var stale = late.ToList();
        late.Clear();
        var second = new Calls(3) { Stale = stale[0] };
        runner.Run(second, static (state, slice) =>
        {
            var calls = (Calls)state;
            Record(calls, slice);
            if (slice == 0)
            {
                calls.Stale!.Execute(); // here: on the caller's thread, inside slice 0, so it takes slices 1 and 2
            }
        });

        Assert.Equal([1, 1, 1], second.Runs);
        stale[1].Execute();
        late.ForEach(helper => helper.Execute());
        Assert.Equal([1, 1, 1], second.Runs);

        static void Record(object state, int slice)
        {
            var calls = (Calls)state;
            Interlocked.Increment(ref calls.Runs[slice]);
            lock (calls.Threads)
            {
                calls.Threads.Add(Environment.CurrentManagedThreadId);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void An_exception_in_any_slice_surfaces_after_the_others_finish_and_the_runner_stays_usable(int failing)
    {
        var runner = new SliceRunner(2);
        var finished = new int[2];

        var error = Assert.Throws<InvalidOperationException>(() => runner.Run(finished, (state, slice) =>
        {
            if (slice == failing)
            {
                throw new InvalidOperationException($"slice {slice} failed");
            }

            Thread.Sleep(5);
            Volatile.Write(ref ((int[])state)[slice], 1);
        }));

        Assert.Equal($"slice {failing} failed", error.Message);
        Assert.Equal(1, finished[1 - failing]);
        var again = new int[2];
        runner.Run(again, static (state, slice) => ((int[])state)[slice] = slice + 1);
        Assert.Equal([1, 2], again);
    }

    [Fact]
    public void Training_gradients_do_not_depend_on_which_thread_ran_a_slice()
    {
        // The same two-slice step many times: helpers come early or late, the caller sometimes runs both slices.
        var parameters = MnistCnn.Initialize(3);
        var workspace = new MnistCnn.Workspace(12, slices: 2);
        var input = new MnistCnn.InputBatch(workspace.Input);
        var pixels = Storage.Of(workspace.Input);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (i * 7919 % 1000) / 1000f;
        }

        int[] labels = [.. Enumerable.Range(0, 12).Select(i => i % 10)];
        float[][] Step() => [.. MnistCnn.Backward(parameters, MnistCnn.Forward(parameters, input, workspace), labels, workspace).Tensors.Select(t => (float[])t.Data.Clone())];
        var first = Step();

        for (var repeat = 0; repeat < 30; repeat++)
        {
            Assert.Equal(first, Step());
        }
    }
}

using System.Reflection;
using MnistFunctional.Backend;
using MnistFunctional.Models;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// The seed model's training step (as <see cref="SeedModelStep"/>) with the slice runner's helpers on the backend's
/// own threads (<see cref="SliceHelpers"/>, what workspaces use) against thread-pool work items (what they used
/// before), and the caller alone running both slices (what one core does with the real step), alternating 2 s rounds
/// in one process: wall µs per step. The other workspaces' runners are swapped by reflection, as the generated
/// workspace keeps its runner private.
/// </summary>
public static class SliceHelpersAb
{
    public static void Run(int batch)
    {
        var own = new SeedModelStep(batch);
        var pool = WithRunner(new SeedModelStep(batch), new SliceRunner(2, item => ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false)));
        var alone = WithRunner(new SeedModelStep(batch), new SliceRunner(2, _ => { }));
        (string, Action)[] ways = [("own helpers", own.Run), ("pool helpers", pool.Run), ("caller alone", alone.Run)];
        foreach (var (_, body) in ways) { for (var i = 0; i < 50; i++) body(); }
        for (var round = 0; round < 6; round++)
        {
            foreach (var (name, body) in ways)
            {
                var times = CallTimes.BackToBack(body, 2);
                double P(double q) => CallTimes.Percentile(times, q);
                Console.WriteLine($"{name,-14} n {times.Count,5} p10 {P(0.1),6:F0} p50 {P(0.5),6:F0} p90 {P(0.9),6:F0} p99 {P(0.99),6:F0} mean {times.Average(),6:F0}  images/s {batch * 1e6 / times.Average(),7:F0}");
            }
        }
    }

    /// <summary><paramref name="step"/> with its workspace's slice runner replaced by <paramref name="runner"/>.</summary>
    private static SeedModelStep WithRunner(SeedModelStep step, SliceRunner runner)
    {
        var workspace = (MnistCnn.Workspace)typeof(SeedModelStep).GetField("workspace", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(step)!;
        typeof(MnistCnn.Workspace).GetField("runner", BindingFlags.NonPublic | BindingFlags.Instance)!.SetValue(workspace, runner);
        return step;
    }
}

using System.Diagnostics;
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
        var pool = new SeedModelStep(batch);
        var workspace = (MnistCnn.Workspace)typeof(SeedModelStep).GetField("workspace", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(pool)!;
        typeof(MnistCnn.Workspace).GetField("runner", BindingFlags.NonPublic | BindingFlags.Instance)!.SetValue(workspace, new SliceRunner(2, item => ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false)));
        var alone = new SeedModelStep(batch);
        var aloneWorkspace = (MnistCnn.Workspace)typeof(SeedModelStep).GetField("workspace", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(alone)!;
        typeof(MnistCnn.Workspace).GetField("runner", BindingFlags.NonPublic | BindingFlags.Instance)!.SetValue(aloneWorkspace, new SliceRunner(2, _ => { }));
        (string, Action)[] ways = [("own helpers", own.Run), ("pool helpers", pool.Run), ("caller alone", alone.Run)];
        foreach (var (_, body) in ways) { for (var i = 0; i < 50; i++) body(); }
        for (var round = 0; round < 6; round++)
        {
            foreach (var (name, body) in ways)
            {
                var times = new List<double>();
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed.TotalSeconds < 2)
                {
                    var start = Stopwatch.GetTimestamp();
                    body();
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
                times.Sort();
                double P(double q) => times[(int)(q * (times.Count - 1))];
                Console.WriteLine($"{name,-14} n {times.Count,5} p10 {P(0.1),6:F0} p50 {P(0.5),6:F0} p90 {P(0.9),6:F0} p99 {P(0.99),6:F0} mean {times.Average(),6:F0}  images/s {batch * 1e6 / times.Average(),7:F0}");
            }
        }
    }
}

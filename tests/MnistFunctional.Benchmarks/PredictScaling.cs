using System.Diagnostics;
using MnistFunctional.Backend;
using MnistFunctional.Models;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// How Predict uses the two cores: back-to-back calls for 1.5 s each (as bench's rounds run them), three ways over
/// the same number of images — one thread over the whole batch (one slice), the workspace's slices, and one dedicated
/// thread per half, each with its own one-slice workspace — with per-call percentiles; then, for calls split by a
/// <see cref="SliceRunner"/> over the two halves, when each slice started and how its wall time compares with its
/// CPU time (a slice that started late or shared a core with the other). Wall µs; compare rows of one run.
/// </summary>
public static class PredictScaling
{
    private const double LateMicroseconds = 1000;

    public static void Run(int batch, int steps)
    {
        var parameters = MnistCnn.Initialize(42);
        var whole = new MnistCnn.Workspace(batch, slices: 1);
        var sliced = new MnistCnn.Workspace(batch);
        MnistCnn.Workspace[] halves = [new(batch / 2, slices: 1), new(batch - (batch / 2), slices: 1)];
        foreach (var (workspace, seed) in new[] { (whole, 1), (sliced, 1), (halves[0], 2), (halves[1], 3) })
        {
            SeedModelStep.Fill(workspace.Input, seed);
        }

        var (wholeInput, slicedInput) = (new MnistCnn.InputBatch(whole.Input), new MnistCnn.InputBatch(sliced.Input));
        MnistCnn.InputBatch[] halfInputs = [new(halves[0].Input), new(halves[1].Input)];
        void Half(int i) => MnistCnn.Predict(parameters, halfInputs[i], halves[i]);
        using var dedicated = new DedicatedPair(Half);
        (string Name, Action Body)[] ways =
        [
            ("1 thread", () => MnistCnn.Predict(parameters, wholeInput, whole)),
            ($"{sliced.Slices} slices", () => MnistCnn.Predict(parameters, slicedInput, sliced)),
            ("dedicated halves", dedicated.Run),
        ];
        foreach (var way in ways)
        {
            CallTimes.BackToBack(way.Body, 2);
        }

        Console.WriteLine($"Predict of {batch}, back to back for 1.5 s each, wall µs per call");
        for (var round = 0; round < 3; round++)
        {
            var means = ways.Select(way => (way.Name, Times: CallTimes.BackToBack(way.Body, 1.5))).ToList();
            foreach (var (name, times) in means)
            {
                Console.WriteLine($"  {name,-18} n {times.Count,4}  p10 {CallTimes.Percentile(times, 0.1),6:F0}  p50 {CallTimes.Percentile(times, 0.5),6:F0}  p90 {CallTimes.Percentile(times, 0.9),6:F0}  p99 {CallTimes.Percentile(times, 0.99),6:F0}  mean {times.Average(),6:F0} ({means[0].Times.Average() / times.Average():F2}x)");
            }
        }

        SliceTimes(Half, steps);
    }

    private static void SliceTimes(Action<int> half, int steps)
    {
        var runner = new SliceRunner(2);
        var (started, cpu, ended) = (new double[2], new double[2], new double[2]);
        var (late, shared) = (0, 0);
        var examples = new List<string>();
        for (var step = 0; step < steps; step++)
        {
            var origin = Stopwatch.GetTimestamp();
            runner.Run(half, (state, slice) =>
            {
                started[slice] = Stopwatch.GetElapsedTime(origin).TotalMicroseconds;
                var cpuStart = ThreadCpuTime.Microseconds();
                ((Action<int>)state)(slice);
                cpu[slice] = ThreadCpuTime.Microseconds() - cpuStart;
                ended[slice] = Stopwatch.GetElapsedTime(origin).TotalMicroseconds;
            });
            var wall = Stopwatch.GetElapsedTime(origin).TotalMicroseconds;
            var isLate = started.Max() > LateMicroseconds;
            var isShared = Enumerable.Range(0, 2).Any(s => ended[s] - started[s] - cpu[s] > LateMicroseconds);
            (late, shared) = (late + (isLate ? 1 : 0), shared + (isShared ? 1 : 0));
            if ((isLate || isShared) && examples.Count < 6)
            {
                examples.Add($"  call {wall,5:F0}: slice 0 start {started[0],5:F0} cpu {cpu[0],5:F0} end {ended[0],5:F0}; slice 1 start {started[1],5:F0} cpu {cpu[1],5:F0} end {ended[1],5:F0}");
            }
        }

        Console.WriteLine($"SliceRunner over the halves, {steps} calls: a slice started > {LateMicroseconds:F0} µs late in {late}, a slice's wall exceeded its CPU time by > {LateMicroseconds:F0} µs in {shared}");
        examples.ForEach(Console.WriteLine);
    }

}

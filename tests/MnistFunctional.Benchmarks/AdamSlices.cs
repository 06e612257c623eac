using System.Diagnostics;
using MnistFunctional.Backend;
using MnistFunctional.Models;
using MnistFunctional.Training;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// The seed model's Adam step (93,322 parameters) on one thread against split across the cores by a slice runner (as the
/// training loop runs it), alternating 1 s rounds in one process after a training-step-like use of both cores: wall µs.
/// </summary>
public static class AdamSlices
{
    public static void Run()
    {
        var parameters = MnistCnn.Initialize(1);
        var gradients = MnistCnn.Gradients.FromArrays([.. parameters.Tensors.Select(t => (float[])t.Data.Clone())]);
        var state = AdamState.Initial(parameters.Tensors.Select(t => t.Data.Length));
        float[][] Fresh() => [.. parameters.Tensors.Select(t => new float[t.Data.Length])];
        var (p, m, v) = (Fresh(), Fresh(), Fresh());
        var runner = new SliceRunner(Environment.ProcessorCount);
        (string Name, Action Body)[] ways =
        [
            ("one thread", () => Adam.StepInto(AdamOptions.Keras, parameters, gradients, state, p, m, v)),
            ($"{runner.Slices} slices", () => Adam.StepInto(AdamOptions.Keras, parameters, gradients, state, p, m, v, runner)),
        ];
        for (var round = 0; round < 6; round++)
        {
            foreach (var (name, body) in ways)
            {
                var times = new List<double>();
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed.TotalSeconds < 1)
                {
                    var start = Stopwatch.GetTimestamp();
                    body();
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }

                times.Sort();
                Console.WriteLine($"adam {name,-10} n {times.Count,6} p10 {times[times.Count / 10],6:F1} p50 {times[times.Count / 2],6:F1} p90 {times[times.Count * 9 / 10],6:F1} mean {times.Average(),6:F1} µs");
            }
        }
    }
}

using MnistFunctional.Backend;
using MnistFunctional.Models;
using MnistFunctional.Training;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// The seed model's Adam step (93,322 parameters) on one thread against split across the cores by a slice runner (as the
/// training loop runs it), alternating 1 s rounds in one process: wall µs per step.
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
                var times = CallTimes.BackToBack(body, 1);
                Console.WriteLine($"adam {name,-10} n {times.Count,6} p10 {CallTimes.Percentile(times, 0.1),6:F1} p50 {CallTimes.Percentile(times, 0.5),6:F1} p90 {CallTimes.Percentile(times, 0.9),6:F1} mean {times.Average(),6:F1} µs");
            }
        }
    }
}

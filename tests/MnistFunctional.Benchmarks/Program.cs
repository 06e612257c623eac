using BenchmarkDotNet.Running;
using MnistFunctional.Benchmarks;

// `profile [batch] [steps]`: a Stopwatch breakdown of one training step per layer (quick, noisy-machine friendly);
// `levers [batch] [steps] [rounds]`: this session's training kernels against what they replaced (CPU-time A/B).
// `predict [batch] [steps]`: the same for Predict.
// `predict-scaling [batch] [steps]`: how Predict's call splits across the two cores (back-to-back percentiles, slice start times).
// `adam`: the seed model's Adam step on one thread against split across the cores.
// `slice-helpers [batch]`: the training step with the slice runner's helpers on the backend's threads, on the thread pool's, and on the caller alone.
// `trainloop [mnist dir] [epochs]`: the seed training's phases (load, split, each epoch's batches and validation, test score): wall, CPU, page faults.
// Anything else goes to BenchmarkDotNet, e.g. `--filter *TrainingStep*`.
if (args.Length > 0 && args[0] == "profile")
{
    LayerProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 32, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50);
    return;
}

if (args.Length > 0 && args[0] == "levers")
{
    KernelLevers.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 32, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50, args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}

if (args.Length > 0 && args[0] == "predict")
{
    PredictProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 256, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}

if (args.Length > 0 && args[0] == "adam")
{
    AdamSlices.Run();
    return;
}

if (args.Length > 0 && args[0] == "slice-helpers")
{
    SliceHelpersAb.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 32);
    return;
}

if (args.Length > 0 && args[0] == "predict-scaling")
{
    PredictScaling.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 256, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}

if (args.Length > 0 && args[0] == "trainloop")
{
    // The seed training's phases (load, epochs, test score), wall and process CPU time: `trainloop [dir] [epochs]`.
    TrainLoop.Run(args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("MNIST_DIR") ?? "data/mnist", args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10);
    return;
}

if (args.Length > 0 && args[0] == "alloc")
{
    // Bytes allocated per call, measured over many calls after warm-up (all threads, precise).
    var step = new SeedModelStep(32);
    var parameters = MnistFunctional.Models.MnistCnn.Initialize(1);
    var workspace = new MnistFunctional.Models.MnistCnn.Workspace(32);
    var input = new MnistFunctional.Models.MnistCnn.InputBatch(workspace.Input);
    int[] labels = [.. Enumerable.Range(0, 32).Select(i => i % 10)];
    foreach (var (name, body) in new (string, Action)[]
    {
        ("step (warm-up: tiering)", step.Run),
        ("step", step.Run),
        ("forward", () => MnistFunctional.Models.MnistCnn.Forward(parameters, input, workspace)),
        ("backward", () => MnistFunctional.Models.MnistCnn.Backward(parameters, MnistFunctional.Models.MnistCnn.Forward(parameters, input, workspace), labels, workspace)),
    })
    {
        for (var i = 0; i < 20; i++) body();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < 200; i++) body();
        Console.WriteLine($"{name}: {(GC.GetTotalAllocatedBytes(precise: true) - before) / 200.0:F0} B per call");
    }

    return;
}

if (args.Length > 0 && args[0] == "gemm")
{
    ConvGemmSpeed.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 32);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(LayerProfile).Assembly).Run(args);

using BenchmarkDotNet.Running;
using MnistFunctional.Benchmarks;

// `profile [batch] [steps]`: a Stopwatch breakdown of one training step per layer (quick, noisy-machine friendly).
// Anything else goes to BenchmarkDotNet, e.g. `--filter *TrainingStep*`.
if (args.Length > 0 && args[0] == "profile")
{
    LayerProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 32, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50);
    return;
}

if (args.Length > 0 && args[0] == "gemm-ab")
{
    GemmAb.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 32);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(LayerProfile).Assembly).Run(args);

using System.CommandLine;
using Digits.Bench;
using Digits.Shell;
using Digits.Networks;
using MnistFunctional;
using MnistFunctional.Models;
using MnistFunctional.Tensors;

namespace Digits.Commands;

/// <summary><c>digits bench</c>: training and inference speed, latency and peak memory of each backend, side by side.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer, shorter timing rounds (about a minute in all)." };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var backend = new Option<string>("--backend") { Description = "Which backends to time.", DefaultValueFactory = _ => "all" };
        backend.AcceptOnlyFromAmong("all", "mathnet", "torch", "onnx");
        var serve = new Option<bool>("--serve") { Description = "Instead: load digits serve on 127.0.0.1 with 1, 8 and 64 clients in this process (requests/s, p50/p99 latency; 5 s per level, 2 s with --quick)." };
        var model = new Option<string>("--model") { Description = "The model file --serve serves.", HelpName = "FILE", DefaultValueFactory = _ => ModelPaths.DefaultModel };
        var network = SampleNetworks.Option();
        var command = new Command("bench", "Time a network (--network, default the seed model) from its initial weights: training images/s (forward+backward+Adam) at batch 32 and 128, inference images/s at batch 256, single-image latency, peak memory (onnx: ONNX Runtime on the exported model, inference only, threads = cores); the CPU, its FMA peak measured in the same run and the share of it each training step reaches.")
        {
            quick, format, backend, serve, model, network,
        };
        command.SetAction(result => Fatal.Guard(() =>
        {
            if (result.GetValue(serve))
            {
                var load = ServeLoad.Run(result.GetValue(model)!, result.GetValue(quick), message => Console.Error.WriteLine(message));
                Console.Write(result.GetValue(format) == "json" ? ServeLoadReport.Json(load) : ServeLoadReport.Text(load));
                return 0;
            }

            var chosen = SampleNetworks.Named(result.GetValue(network)!);
            var targets = chosen.Name == SampleNetworks.Default.Name
                ? Targets(result.GetValue(backend)!).ToList()
                : chosen.Run(new NetworkTargets(result.GetValue(backend)!));
            try
            {
                var isQuick = result.GetValue(quick);
                Console.Error.WriteLine("machine: FMA peak");
                var machine = BenchMachine.Measure(isQuick);
                var results = new BenchRunner(isQuick).Run(targets, message => Console.Error.WriteLine(message));
                Console.Error.WriteLine("machine: FMA peak again");
                var run = new BenchRun(machine.MeasuredAgain(isQuick), TrainingFlops.PerImage(chosen.Architecture), results);
                Console.Write(result.GetValue(format) == "json" ? BenchReport.Json(run) : BenchReport.Text(run));
            }
            finally
            {
                targets.ForEach(target => target.Dispose());
            }

            return 0;
        }));
        return command;
    }

    /// <summary>The seed model's own targets (its MathNet target allocates nothing per step).</summary>
    private static IEnumerable<IBenchTarget> Targets(string backend)
    {
        if (backend is "all" or "mathnet")
        {
            yield return new MathNetBenchTarget();
        }

        if (backend is "all" or "torch")
        {
            yield return new TorchBenchTarget();
        }

        if (backend is "all" or "onnx")
        {
            yield return new OnnxBenchTarget();
        }
    }

    /// <summary>Any other declared network's targets, from its initial weights and state.</summary>
    private sealed record NetworkTargets(string Backend) : INetworkJob<List<IBenchTarget>>
    {
        public List<IBenchTarget> Run<TParameters, TGradients>(INetwork<TParameters, TGradients> network)
            where TParameters : ITensorSet<TParameters>
            where TGradients : ITensorSet<TGradients>
        {
            var targets = new List<IBenchTarget>();
            if (Backend is "all" or "mathnet")
            {
                targets.Add(new NetworkBenchTarget<TParameters, TGradients>(network));
            }

            if (Backend is "all" or "torch")
            {
                targets.Add(new TorchBenchTarget(network.Architecture, NetworkBenchTarget<TParameters, TGradients>.TorchWeights(network)));
            }

            if (Backend is "all" or "onnx")
            {
                targets.Add(new OnnxBenchTarget(NetworkBenchTarget<TParameters, TGradients>.Onnx(network)));
            }

            return targets;
        }
    }
}

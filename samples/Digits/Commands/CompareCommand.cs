using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Digits.Networks;
using Digits.Shell;
using MnistFunctional;
using MnistFunctional.Data;
using MnistFunctional.Tensors;

namespace Digits.Commands;

/// <summary><c>digits compare</c>: the generated MathNet code against TorchSharp, from the same weights and batch.</summary>
internal static class CompareCommand
{
    // File names in the loading report keep their '+' (libstdc++) instead of \u002B.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Folder with the MNIST IDX files (default: $MNIST_DIR, then data/mnist/, downloaded when missing)." };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var seed = new Option<int>("--seed") { Description = "Seed of the shared initial weights.", DefaultValueFactory = _ => 42 };
        var speedSteps = new Option<int>("--speed-steps") { Description = "Training steps (batch 32) each backend runs for the speed measurement (seed model only).", DefaultValueFactory = _ => 80 };
        var network = SampleNetworks.Option();

        var command = new Command(
            "compare",
            "Compare the MathNet backend with TorchSharp from the same initial weights and the same batch (the first 32 training images): " +
            "largest difference per layer output and per gradient, after 1 and 100 Adam steps, and training speed side by side.")
        {
            data, format, seed, speedSteps, network,
        };
        command.SetAction(result => Fatal.Guard(() =>
        {
            var steps = result.GetValue(speedSteps);
            if (steps < 1)
            {
                throw new ArgumentException($"--speed-steps must be at least 1, got {steps}.");
            }

            var json = result.GetValue(format) == "json";
            var train = MnistFiles.Load(result.GetValue(data), json ? Console.Error : Console.Out).Train;
            var report = SampleNetworks.Named(result.GetValue(network)!).Run(new Comparison(train, result.GetValue(seed), steps));
            Console.Write(json ? Json(report) : Text(report));
            return 0;
        }));
        return command;
    }

    /// <summary>The comparison of one network, with its types.</summary>
    private sealed record Comparison(Dataset Train, int Seed, int SpeedSteps) : INetworkJob<ComparisonReport>
    {
        public ComparisonReport Run<TParameters, TGradients>(INetwork<TParameters, TGradients> network)
            where TParameters : ITensorSet<TParameters>
            where TGradients : ITensorSet<TGradients> =>
            BackendComparison.Run(network, Train, Seed, SpeedSteps);
    }

    private static string Json(ComparisonReport r) =>
        JsonSerializer.Serialize(new
        {
            seed = r.Seed,
            batch_size = r.BatchSize,
            layers = r.Layers.Select(l => new { name = l.Name, max_abs_diff = l.MaxAbsDiff, scaled_diff = l.ScaledDiff }),
            gradients = r.Gradients.Select(g => new { name = g.Name, max_abs_diff = g.MaxAbsDiff, max_rel_diff = g.MaxRelDiff }),
            loss = new { mathnet = r.MathNetLoss, torch = r.TorchLoss },
            after_1_step_max_abs_diff = r.AfterOneStepMaxAbsDiff,
            after_100_steps_max_abs_diff = r.AfterManyStepsMaxAbsDiff,
            inference_layers = r.InferenceLayers.Select(l => new { name = l.Name, max_abs_diff = l.MaxAbsDiff, scaled_diff = l.ScaledDiff }),
            state_after_1_step_max_abs_diff = r.State?.AfterOne,
            state_after_100_steps_max_abs_diff = r.State?.AfterMany,
            network = r.Network,
            speed = r.Speed is not { } speed ? null : new
            {
                batch_size = speed.BatchSize,
                steps_per_backend = speed.StepsPerBackend,
                torch_threads = speed.Threads,
                mathnet_images_per_second = speed.MathNetImagesPerSecond,
                torch_images_per_second = speed.TorchImagesPerSecond,
                mathnet_to_torch_ratio = speed.Ratio,
            },
            torch_loading = r.TorchLoading,
        }, JsonOptions) + Environment.NewLine;

    private static string Text(ComparisonReport r)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{r.Network}, seed {r.Seed}, the first {r.BatchSize} training images; MathNet is the reference.");
        text.AppendLine(r.TorchLoading);
        text.AppendLine();
        text.AppendLine("Layer output   max |a-b|   / max(1, max|a|)");
        foreach (var l in r.Layers)
        {
            text.AppendLine(c, $"{l.Name,-12} {l.MaxAbsDiff,11:E2} {l.ScaledDiff,18:E2}");
        }

        text.AppendLine();
        text.AppendLine("Gradient        max |a-b|   / max|a|");
        foreach (var g in r.Gradients)
        {
            text.AppendLine(c, $"{g.Name,-13} {g.MaxAbsDiff,11:E2} {g.MaxRelDiff,10:E2}");
        }

        text.AppendLine();
        text.AppendLine(c, $"Loss: mathnet {r.MathNetLoss:F6}, torch {r.TorchLoss:F6}");
        text.AppendLine(c, $"Weights after 1 Adam step:    max |a-b| = {r.AfterOneStepMaxAbsDiff:E2}");
        text.AppendLine(c, $"Weights after {r.ManySteps} Adam steps: max |a-b| = {r.AfterManyStepsMaxAbsDiff:E2}");
        if (r.State is { } state)
        {
            text.AppendLine(c, $"State (BatchNorm's moving statistics) after 1 step: max |a-b| = {state.AfterOne:E2}, after {r.ManySteps} steps: {state.AfterMany:E2}");
        }

        text.AppendLine();
        text.AppendLine("Inference mode: the initial weights, each side's state after the first training batch:");
        text.AppendLine("Layer output   max |a-b|   / max(1, max|a|)");
        foreach (var l in r.InferenceLayers)
        {
            text.AppendLine(c, $"{l.Name,-12} {l.MaxAbsDiff,11:E2} {l.ScaledDiff,18:E2}");
        }
        if (r.Speed is { } speed)
        {
            text.AppendLine();
            text.AppendLine(c, $"Training speed, batch {speed.BatchSize}, {speed.StepsPerBackend} steps each in alternating rounds (torch: {speed.Threads} threads):");
            text.AppendLine(c, $"  mathnet {speed.MathNetImagesPerSecond:N0} images/s, torch {speed.TorchImagesPerSecond:N0} images/s: mathnet/torch = {speed.Ratio:F2}");
        }

        return text.ToString();
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Collections.Immutable;
using Digits.Networks;
using Digits.Shell;
using MnistFunctional;
using MnistFunctional.Data;
using MnistFunctional.Tensors;
using MnistFunctional.Torch;

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
            "largest difference per layer output and per gradient (each backend's gradients also against torch in float64 on its side of every ReLU kink), " +
            "after 1 and 100 Adam steps, pass/fail against issue 11's bounds, and training speed side by side (seed model).")
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
            layers = r.Layers.Select(l => new { name = l.Name, max_abs_diff = l.MaxAbsDiff, scaled_diff = l.ScaledDiff, mathnet_error = l.MathNetError, torch_error = l.TorchError }),
            gradients = r.Gradients.Select(g => new { name = g.Name, max_abs_diff = g.MaxAbsDiff, max_rel_diff = g.MaxRelDiff, mathnet_error = g.MathNetError, torch_error = g.TorchError }),
            kinks_crossed = new { mathnet = r.KinksCrossed.MathNet.Count, torch = r.KinksCrossed.Torch.Count },
            layers_pass = r.LayersPass,
            gradients_pass = r.GradientsPass,
            loss = new { mathnet = r.MathNetLoss, torch = r.TorchLoss },
            after_1_step_max_abs_diff = r.AfterOneStepMaxAbsDiff,
            after_100_steps_max_abs_diff = r.AfterManyStepsMaxAbsDiff,
            inference_layers = r.InferenceLayers.Select(l => new { name = l.Name, max_abs_diff = l.MaxAbsDiff, scaled_diff = l.ScaledDiff, mathnet_error = l.MathNetError, torch_error = l.TorchError }),
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

    private static void AppendLayers(StringBuilder text, ImmutableArray<LayerDifference> layers)
    {
        const string Header = "Layer output";
        var width = Math.Max(Header.Length, layers.Max(l => l.Name.Length)) + 1;
        text.AppendLine(CultureInfo.InvariantCulture, $"{Header.PadRight(width)}  max |a-b|   / max(1, max|a|)  mathnet-f64  torch-f64");
        foreach (var l in layers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{l.Name.PadRight(width)} {l.MaxAbsDiff,10:E2} {l.ScaledDiff,18:E2} {l.MathNetError,12:E2} {l.TorchError,10:E2}  {Verdict(l.MathNetError <= ComparisonReport.LayerTolerance)}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  x-f64: max |x - r| / max(1, max|r|), r = torch in float64 (pass: mathnet's <= {ComparisonReport.LayerTolerance:0.#E+0}).");
    }

    private static string Verdict(bool pass) => pass ? "pass" : "FAIL";

    private static string Crossed(KinkCrossings crossed) =>
        crossed.Count == 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"{crossed.Count} (largest {crossed.Largest:E2}, {crossed.Layer})");

    private static string Text(ComparisonReport r)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{r.Network}, seed {r.Seed}, the first {r.BatchSize} training images; MathNet is the reference.");
        text.AppendLine(r.TorchLoading);
        text.AppendLine();
        AppendLayers(text, r.Layers);
        text.AppendLine();
        var width = r.Gradients.Max(g => g.Name.Length) + 1;
        text.AppendLine(c, $"{"Gradient".PadRight(width)}  max |a-b|    / max|a|   mathnet-f64  torch-f64");
        foreach (var g in r.Gradients)
        {
            var pass = g.MathNetError <= ComparisonReport.GradientTolerance && g.TorchError <= ComparisonReport.GradientTolerance;
            text.AppendLine(c, $"{g.Name.PadRight(width)} {g.MaxAbsDiff,10:E2} {g.MaxRelDiff,10:E2} {g.MathNetError,12:E2} {g.TorchError,10:E2}  {Verdict(pass)}");
        }

        text.AppendLine(c, $"  x-f64: max |x - r| / the layer's largest |r|, r = torch in float64 on x's side of every ReLU kink (pass: both <= {ComparisonReport.GradientTolerance:0.#E+0}).");
        text.AppendLine(c, $"  ReLU outputs on the other side of the kink than float64: mathnet {Crossed(r.KinksCrossed.MathNet)}, torch {Crossed(r.KinksCrossed.Torch)}.");
        text.AppendLine("  (such an element's input is within float32 rounding of 0, yet carries its whole gradient one way; see docs/torchsharp.md)");
        text.AppendLine();
        text.AppendLine(c, $"Loss: mathnet {r.MathNetLoss:F6}, torch {r.TorchLoss:F6}");
        text.AppendLine(c, $"Weights after 1 Adam step:    max |a-b| = {r.AfterOneStepMaxAbsDiff:E2}");
        text.AppendLine(c, $"Weights after {r.ManySteps} Adam steps: max |a-b| = {r.AfterManyStepsMaxAbsDiff:E2}");
        text.AppendLine("  (Adam's first step moves a weight by about lr = 1E-3 times the sign of its gradient: an element smaller than the float32");
        text.AppendLine("  difference, e.g. beside a crossed kink or of a bias before a BatchNorm, can step the other way, up to 2E-3 apart)");
        if (r.State is { } state)
        {
            text.AppendLine(c, $"State (BatchNorm's moving statistics) after 1 step: max |a-b| = {state.AfterOne:E2}, after {r.ManySteps} steps: {state.AfterMany:E2}");
        }

        text.AppendLine();
        text.AppendLine("Inference mode: the initial weights, each side's state after the first training batch:");
        AppendLayers(text, r.InferenceLayers);
        text.AppendLine();
        text.AppendLine(c, $"Issue 11's bounds against TorchSharp in float64: layer outputs (both modes) <= {ComparisonReport.LayerTolerance:0.#E+0} scaled: {Verdict(r.LayersPass)}; gradients <= {ComparisonReport.GradientTolerance:0.#E+0}: {Verdict(r.GradientsPass)}.");
        if (r.Speed is { } speed)
        {
            text.AppendLine();
            text.AppendLine(c, $"Training speed, batch {speed.BatchSize}, {speed.StepsPerBackend} steps each in alternating rounds (torch: {speed.Threads} threads):");
            text.AppendLine(c, $"  mathnet {speed.MathNetImagesPerSecond:N0} images/s, torch {speed.TorchImagesPerSecond:N0} images/s: mathnet/torch = {speed.Ratio:F2}");
        }

        return text.ToString();
    }
}

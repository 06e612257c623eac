using System.Text.Json;
using Digits.Bench;
using MnistFunctional.Backend;

namespace MnistFunctional.Imaging.Tests.Cli;

/// <summary>The bench report with ONNX Runtime, an inference-only backend, beside the two that train.</summary>
public sealed class OnnxBenchReportTests
{
    private static readonly BenchRun Run = new(
        new BenchMachine("Test CPU", 2, "AVX-512", new FmaPeakMeasurement(2, 200, 400, RoundsWithAllCores: 5, Rounds: 5)),
        TrainingFlopsPerImage: 16e6,
        [
            new BenchResult("mathnet", new Dictionary<int, double> { [32] = 10_000, [128] = 12_000 }, InferImagesPerSecond: 90_000, LatencyMicroseconds: 60, PeakMemoryMegabytes: 200),
            new BenchResult("onnx", new Dictionary<int, double>(), InferImagesPerSecond: 30_000, LatencyMicroseconds: 120, PeakMemoryMegabytes: 300),
        ]);

    [Fact]
    public void Json_gives_onnx_its_inference_figures_and_no_training_ones()
    {
        using var json = JsonDocument.Parse(BenchReport.Json(Run));

        var onnx = json.RootElement.GetProperty("backends").GetProperty("onnx");
        Assert.Equal(30_000, onnx.GetProperty("infer_images_per_s").GetDouble());
        Assert.Equal(120, onnx.GetProperty("latency_us").GetDouble());
        Assert.False(onnx.TryGetProperty("train_images_per_s", out _));
        Assert.True(json.RootElement.GetProperty("backends").GetProperty("mathnet").TryGetProperty("train_images_per_s", out _));
    }

    [Fact]
    public void Text_prints_dashes_for_onnx_training_and_our_ratios_against_it()
    {
        var text = BenchReport.Text(Run);

        Assert.Matches(@"onnx\s+-\s+-\s+-\s+-\s+30,000\s+120\.0\s+300", text);
        Assert.Contains("mathnet / onnx: inference 3.00x (target >= 1.5x), latency 0.50x (target <= 1x)", text, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Digits.Bench;
using MnistFunctional.Backend;
using MnistFunctional.Models;

namespace MnistFunctional.Imaging.Tests.Cli;

public sealed class BenchReportTests
{
    [Fact]
    public void The_seed_models_training_step_counts_its_products()
    {
        // Per image, 2 FLOPs per multiply-add: conv1 2·9·1·32·26² = 389,376 (forward + weight gradient, no input
        // gradient), conv2 2·9·32·64·11² = 4,460,544, conv3 2·9·64·64·3² = 663,552, dense1 2·576·64 = 73,728 and
        // dense2 2·64·10 = 1,280 (each forward + weight gradient + input gradient).
        const double Expected = 2 * 389_376.0 + 3 * (4_460_544.0 + 663_552 + 73_728 + 1_280);

        Assert.Equal(Expected, TrainingFlops.PerImage(MnistCnn.Architecture));
    }

    [Fact]
    public void The_json_report_names_the_machine_and_each_training_steps_share_of_its_peak()
    {
        var machine = new BenchMachine("Test CPU", 2, "AVX-512", PeakGflops: 400);
        var train = new Dictionary<int, double> { [32] = 10_000, [128] = 12_000 };
        var run = new BenchRun(machine, TrainingFlopsPerImage: 16e6, [new BenchResult("mathnet", train, 80_000, 40, 200)]);

        using var json = JsonDocument.Parse(BenchReport.Json(run));

        var root = json.RootElement;
        Assert.Equal("Test CPU", root.GetProperty("machine").GetProperty("cpu").GetString());
        Assert.Equal(2, root.GetProperty("machine").GetProperty("cores").GetInt32());
        Assert.Equal("AVX-512", root.GetProperty("machine").GetProperty("isa").GetString());
        Assert.Equal(400, root.GetProperty("machine").GetProperty("peak_gflops").GetDouble());
        var share = root.GetProperty("backends").GetProperty("mathnet").GetProperty("train_peak_share");
        Assert.Equal(0.4, share.GetProperty("32").GetDouble()); // 10,000 images/s × 16 MFLOP = 160 of 400 GFLOP/s
        Assert.Equal(0.48, share.GetProperty("128").GetDouble());
        Assert.Contains("Test CPU, 2 cores, AVX-512", BenchReport.Text(run));
    }

    [Fact]
    public void The_measured_fma_peak_is_a_positive_figure_for_the_isa_the_kernels_use()
    {
        Assert.NotEmpty(FmaPeak.Isa);
        Assert.True(FmaPeak.OneCoreGflops(rounds: 3) > 0);
        Assert.True(FmaPeak.AllCoresGflops(2, rounds: 3) > 0);
    }
}

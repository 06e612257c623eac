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
    public void The_cpu_is_named_with_its_family_and_model_so_generations_of_one_name_differ()
    {
        string[] epyc = ["processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 26", "model\t\t: 2", "model name\t: AMD EPYC", "stepping\t: 1"];
        string[] bare = ["processor\t: 0", "model name\t: Some CPU"];

        Assert.Equal("AMD EPYC (family 26, model 2)", BenchMachine.CpuModel(epyc));
        Assert.Equal("Some CPU", BenchMachine.CpuModel(bare));
        Assert.Null(BenchMachine.CpuModel(["processor\t: 0", "Features\t: fp asimd"]));
    }

    [Fact]
    public void The_json_report_names_the_machine_and_each_training_steps_share_of_its_peak()
    {
        var machine = new BenchMachine("Test CPU", 2, "AVX-512", new FmaPeakMeasurement(2, 200, 400, RoundsWithAllCores: 5, Rounds: 5));
        var train = new Dictionary<int, double> { [32] = 10_000, [128] = 12_000 };
        var run = new BenchRun(machine, TrainingFlopsPerImage: 16e6, [new BenchResult("mathnet", train, 80_000, 40, 200)]);

        using var json = JsonDocument.Parse(BenchReport.Json(run));

        var root = json.RootElement;
        Assert.Equal("Test CPU", root.GetProperty("machine").GetProperty("cpu").GetString());
        Assert.Equal(2, root.GetProperty("machine").GetProperty("cores").GetInt32());
        Assert.Equal("AVX-512", root.GetProperty("machine").GetProperty("isa").GetString());
        Assert.Equal(400, root.GetProperty("machine").GetProperty("peak_gflops").GetDouble());
        Assert.Equal(200, root.GetProperty("machine").GetProperty("one_core_gflops").GetDouble());
        var share = root.GetProperty("backends").GetProperty("mathnet").GetProperty("train_peak_share");
        Assert.Equal(0.4, share.GetProperty("32").GetDouble()); // 10,000 images/s × 16 MFLOP = 160 of 400 GFLOP/s
        Assert.Equal(0.48, share.GetProperty("128").GetDouble());
        Assert.Contains("Test CPU, 2 cores, AVX-512", BenchReport.Text(run));
    }

    [Fact]
    public void Without_a_peak_of_all_cores_at_once_the_report_says_so_and_gives_no_shares()
    {
        // The old loop's failure: two threads on one core measured 170 GFLOP/s "for all cores", shares above 1.
        var machine = new BenchMachine("Test CPU", 2, "AVX-512", new FmaPeakMeasurement(2, 179, 170, RoundsWithAllCores: 0, Rounds: 50));
        var train = new Dictionary<int, double> { [32] = 10_000, [128] = 12_000 };
        var run = new BenchRun(machine, TrainingFlopsPerImage: 16e6, [new BenchResult("mathnet", train, 80_000, 40, 200)]);

        using var json = JsonDocument.Parse(BenchReport.Json(run));

        var root = json.RootElement.GetProperty("machine");
        Assert.Equal(JsonValueKind.Null, root.GetProperty("peak_gflops").ValueKind);
        Assert.Equal(179, root.GetProperty("one_core_gflops").GetDouble());
        Assert.Contains("in none of 50 rounds", root.GetProperty("peak_note").GetString(), StringComparison.Ordinal);
        var share = json.RootElement.GetProperty("backends").GetProperty("mathnet").GetProperty("train_peak_share");
        Assert.Equal(JsonValueKind.Null, share.GetProperty("32").ValueKind);
        var text = BenchReport.Text(run);
        Assert.Contains("FMA peak not measured", text, StringComparison.Ordinal);
        Assert.Matches(@"mathnet\s+10,000\s+12,000\s+-\s+-\s+80,000", text);
    }

    [Fact]
    public void A_share_above_the_peak_is_not_printed()
    {
        // 12,000 images/s × 16 MFLOP = 192 GFLOP/s, more than a 180 GFLOP/s "peak": the peak was wrong.
        var machine = new BenchMachine("Test CPU", 2, "AVX-512", new FmaPeakMeasurement(2, 100, 180, RoundsWithAllCores: 1, Rounds: 5));
        var result = new BenchResult("mathnet", new Dictionary<int, double> { [32] = 10_000, [128] = 12_000 }, 80_000, 40, 200);
        var run = new BenchRun(machine, TrainingFlopsPerImage: 16e6, [result]);

        Assert.Equal(160.0 / 180, run.TrainPeakShare(result, 32)!.Value, 9);
        Assert.Null(run.TrainPeakShare(result, 128));
    }
}

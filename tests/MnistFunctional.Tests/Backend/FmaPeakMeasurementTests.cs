using MnistFunctional.Backend;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// How the FMA peak of all cores is read from per-thread timings: only rounds in which the threads ran at the same
/// time, each at a core's rate, count — a shared machine must not pass one core's worth off as the two cores' peak.
/// </summary>
public sealed class FmaPeakMeasurementTests
{
    private const double OneCore = 180;

    // A thread's round that started at `start` (seconds) and ran `seconds` at `gflops`.
    private static FmaThreadTiming Rate(double start, double seconds, double gflops) => new(start, start + seconds, gflops * 1e9 * seconds);

    [Fact]
    public void Threads_that_ran_together_at_a_cores_rate_each_give_the_sum_of_their_rates()
    {
        var round = new[] { Rate(0, 0.0100, 180), Rate(0.0002, 0.0100, 170) };

        var peak = FmaPeakMeasurement.FromRounds(OneCore, [round]);

        Assert.Equal(350, peak.AllCoresGflops, 6);
        Assert.Equal(350, peak.PeakGflops!.Value, 6);
        Assert.Equal((2, 1, 1), (peak.Threads, peak.RoundsWithAllCores, peak.Rounds));
    }

    [Fact]
    public void Two_threads_sharing_one_core_give_no_peak_but_say_what_they_did_together()
    {
        // Both ran over the same 20 ms, each at half a core: one core's worth, the bug of the old Parallel.For loop.
        var round = new[] { Rate(0, 0.02, 90), Rate(0, 0.02, 88) };

        var peak = FmaPeakMeasurement.FromRounds(OneCore, [round]);

        Assert.Null(peak.PeakGflops);
        Assert.Equal(178, peak.AllCoresGflops, 6);
        Assert.Equal(0, peak.RoundsWithAllCores);
    }

    [Fact]
    public void Threads_that_took_turns_at_full_speed_do_not_count_as_running_at_once()
    {
        // Each at a core's rate, but one after the other: the sum of the rates (360) was never reached at any time.
        var round = new[] { Rate(0, 0.01, 180), Rate(0.0105, 0.01, 180) };

        Assert.Null(FmaPeakMeasurement.FromRounds(OneCore, [round]).PeakGflops);
    }

    [Fact]
    public void The_best_round_that_had_every_core_is_kept_and_rounds_without_them_are_ignored()
    {
        IReadOnlyList<FmaThreadTiming>[] rounds =
        [
            [Rate(0, 0.01, 160), Rate(0, 0.01, 150)],
            [Rate(1, 0.01, 200), Rate(1.006, 0.01, 200)], // faster, but only 40% overlap
            [Rate(2, 0.01, 175), Rate(2, 0.0101, 172)],
            [Rate(3, 0.02, 100), Rate(3, 0.02, 95)], // a shared core
        ];

        var peak = FmaPeakMeasurement.FromRounds(OneCore, rounds);

        Assert.Equal(347, peak.PeakGflops!.Value, 6);
        Assert.Equal((2, 4), (peak.RoundsWithAllCores, peak.Rounds));
    }

    [Fact]
    public void A_peak_measured_with_all_cores_beats_a_higher_sum_that_was_not_and_then_the_higher_peak_wins()
    {
        var shared = new FmaPeakMeasurement(2, OneCore, 400, RoundsWithAllCores: 0, Rounds: 20);
        var low = new FmaPeakMeasurement(2, OneCore, 330, RoundsWithAllCores: 3, Rounds: 20);
        var high = new FmaPeakMeasurement(2, OneCore, 350, RoundsWithAllCores: 1, Rounds: 20);

        Assert.Same(low, shared.Better(low));
        Assert.Same(low, low.Better(shared));
        Assert.Same(high, low.Better(high));
        Assert.Same(high, high.Better(low));
    }

    [Fact]
    public void The_measured_peak_of_two_threads_is_either_at_least_one_cores_or_reported_as_not_measured()
    {
        var peak = FmaPeak.Measure(2, rounds: 3);

        Assert.NotEmpty(FmaPeak.Isa);

        Assert.True(peak.OneCoreGflops > 0);
        Assert.True(peak.AllCoresGflops > 0);
        Assert.Equal((2, 3), (peak.Threads, peak.Rounds));
        Assert.InRange(peak.RoundsWithAllCores, 0, 3);
        Assert.True(peak.PeakGflops is null || peak.PeakGflops >= 2 * FmaPeakMeasurement.MinimumCoreShare * peak.OneCoreGflops);
    }
}

namespace MnistFunctional.Backend;

/// <summary>
/// The FMA peak of <paramref name="Threads"/> threads, one per core, and of one thread alone (GFLOP/s).
/// <paramref name="AllCoresGflops"/> is the best round's sum of the threads' own rates; it counts as the machine's
/// peak only when some round had every thread on a core of its own at once (<paramref name="RoundsWithAllCores"/>
/// &gt; 0): on a shared machine the threads may instead take turns on fewer cores, and their sum is then only what
/// those cores gave (one core's worth, for two threads sharing one).
/// </summary>
public sealed record FmaPeakMeasurement(int Threads, double OneCoreGflops, double AllCoresGflops, int RoundsWithAllCores, int Rounds)
{
    /// <summary>A round counts when the threads' loops overlap in time for at least this share of the longest one…</summary>
    public const double MinimumOverlap = 0.9;

    /// <summary>…and each thread ran at least this share of one core's rate (else it shared a core).</summary>
    public const double MinimumCoreShare = 0.75;

    /// <summary>The peak of all cores, or null when the cores were never all available to the loop at once.</summary>
    public double? PeakGflops => RoundsWithAllCores > 0 ? AllCoresGflops : null;

    /// <summary>
    /// The measurement from each round's per-thread timings: the best sum of per-thread rates among the rounds in
    /// which the threads ran together, each at (nearly) a whole core's rate; when no round did, the best sum of all
    /// rounds, flagged as not the peak.
    /// </summary>
    public static FmaPeakMeasurement FromRounds(double oneCoreGflops, IReadOnlyList<IReadOnlyList<FmaThreadTiming>> rounds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count);
        var threads = rounds[0].Count;
        var together = rounds.Where(round => RanTogether(round, oneCoreGflops)).ToList();
        var best = (together.Count > 0 ? together : rounds).Max(round => round.Sum(t => t.Gflops));
        return new FmaPeakMeasurement(threads, oneCoreGflops, best, together.Count, rounds.Count);
    }

    /// <summary>The better of two measurements of the same machine: one with all cores at once, then the higher peak.</summary>
    public FmaPeakMeasurement Better(FmaPeakMeasurement other) =>
        (PeakGflops, other.PeakGflops) switch
        {
            (null, not null) => other,
            (not null, null) => this,
            _ => other.AllCoresGflops > AllCoresGflops ? other : this,
        };

    private static bool RanTogether(IReadOnlyList<FmaThreadTiming> round, double oneCoreGflops)
    {
        var overlap = round.Min(t => t.EndSeconds) - round.Max(t => t.StartSeconds);
        return overlap >= MinimumOverlap * round.Max(t => t.Seconds)
            && round.All(t => t.Gflops >= MinimumCoreShare * oneCoreGflops);
    }
}

namespace Digits.Bench;

/// <summary>What one load level of <c>digits bench --serve</c> measured: so many clients, each sending its next request as soon as its last was answered.</summary>
internal sealed record ServeLoadLevel(int Clients, int Requests, int Errors, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms, double MeanBatch)
{
    /// <summary>Requests/s over the level's wall time and nearest-rank percentiles of the answered requests' latencies.</summary>
    public static ServeLoadLevel From(int clients, IReadOnlyList<double> latenciesMs, int errors, TimeSpan elapsed, long batches)
    {
        ArgumentNullException.ThrowIfNull(latenciesMs);
        if (latenciesMs.Count == 0)
        {
            throw new ArgumentException("No request was answered.", nameof(latenciesMs));
        }

        var sorted = latenciesMs.Order().ToArray();
        var requests = sorted.Length + errors;
        return new ServeLoadLevel(
            clients,
            requests,
            errors,
            elapsed.TotalSeconds,
            requests / elapsed.TotalSeconds,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.99),
            batches > 0 ? (double)sorted.Length / batches : 0);
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least <paramref name="share"/> of the values at or below it.</summary>
    public static double Percentile(double[] sorted, double share)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var rank = (int)Math.Ceiling(share * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}

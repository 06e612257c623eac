using Digits.Bench;

namespace MnistFunctional.Imaging.Tests.Serve;

public class ServeLoadLevelTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_and_throughput_counts_every_request_over_the_wall_time()
    {
        var latencies = Enumerable.Range(1, 200).Select(i => (double)i).Reverse().ToArray();

        var level = ServeLoadLevel.From(8, latencies, errors: 2, TimeSpan.FromSeconds(4), batches: 50);

        Assert.Equal((8, 202, 2), (level.Clients, level.Requests, level.Errors));
        Assert.Equal(100, level.P50Ms);
        Assert.Equal(198, level.P99Ms);
        Assert.Equal(50.5, level.RequestsPerSecond);
        Assert.Equal(4, level.MeanBatch);
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(0.99, 1)]
    [InlineData(0.0, 1)]
    public void A_single_latency_is_every_percentile(double share, double expected)
    {
        Assert.Equal(expected, ServeLoadLevel.Percentile([1.0], share));
    }

    [Fact]
    public void A_level_with_no_answered_request_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ServeLoadLevel.From(1, [], errors: 3, TimeSpan.FromSeconds(1), batches: 0));
    }
}

using MathNet.Numerics.Random;

namespace MnistFunctional.Training;

/// <summary>
/// The order of the examples in an epoch, derived from the seed and the epoch number alone, so a resumed
/// run sees exactly the batches an uninterrupted run sees.
/// </summary>
public static class EpochShuffle
{
    public static int[] Order(int count, int seed, int epoch)
    {
        var source = new MersenneTwister(unchecked((seed * 1_000_003) + epoch), threadSafe: false);
        var order = Enumerable.Range(0, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            var j = source.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}

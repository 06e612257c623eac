namespace MnistFunctional.Backend;

/// <summary>
/// One thread's share of one round of <see cref="FmaPeak.Measure"/>: when it started and ended its loops (seconds on
/// the clock all threads share) and the floating-point operations it did in between.
/// </summary>
public readonly record struct FmaThreadTiming(double StartSeconds, double EndSeconds, double Flops)
{
    public double Seconds => EndSeconds - StartSeconds;

    public double Gflops => Flops / Seconds / 1e9;
}

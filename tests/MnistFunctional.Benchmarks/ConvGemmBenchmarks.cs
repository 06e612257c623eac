using BenchmarkDotNet.Attributes;
using MnistFunctional.Backend;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// The convolution products of a batch-32 training step (forward, weight gradient, input gradient), for
/// GFLOP/s against the machine's peak: FLOPs = 2·m·n·k, divided by the reported mean.
/// </summary>
[MemoryDiagnoser]
public class ConvGemmBenchmarks
{
    private const int Batch = 32;
    private float[] a = [];
    private float[] b = [];
    private float[] c = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        a = [.. Enumerable.Range(0, 288 * 121 * Batch).Select(_ => random.NextSingle())];
        b = [.. Enumerable.Range(0, 288 * 121 * Batch).Select(_ => random.NextSingle())];
        c = new float[288 * 121 * Batch];
    }

    /// <summary>conv2 forward: W (64×288) · cols (288 × 121·32), 142.7 MFLOP.</summary>
    [Benchmark]
    public void Conv2Forward() => Gemm.Multiply(false, false, 64, 121 * Batch, 288, a, 64, b, 288, c, 64);

    /// <summary>conv2 weight gradient: dZ (64 × 3872) · colsᵀ, 142.7 MFLOP.</summary>
    [Benchmark]
    public void Conv2WeightGradient() => Gemm.Multiply(false, true, 64, 288, 121 * Batch, a, 64, b, 288, c, 64);

    /// <summary>conv2 input gradient: Wᵀ (288×64) · dZ (64 × 3872), 142.7 MFLOP.</summary>
    [Benchmark]
    public void Conv2InputGradient() => Gemm.Multiply(true, false, 288, 121 * Batch, 64, a, 64, b, 64, c, 288);

    /// <summary>conv1 weight gradient: dZ (32 × 21632) · colsᵀ (21632 × 9), 12.5 MFLOP.</summary>
    [Benchmark]
    public void Conv1WeightGradient() => Gemm.Multiply(false, true, 32, 9, 676 * Batch, a, 32, b, 9, c, 32);
}

using BenchmarkDotNet.Attributes;

namespace MnistFunctional.Benchmarks;

/// <summary>Class probabilities of a batch through a workspace: batch 1 is the single-image latency.</summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private SeedModelStep step = null!;

    [Params(1, 256)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup() => step = new SeedModelStep(BatchSize);

    [Benchmark]
    public void Predict() => step.Infer();
}

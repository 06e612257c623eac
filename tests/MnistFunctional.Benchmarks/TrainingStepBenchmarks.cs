using BenchmarkDotNet.Attributes;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// A whole training step of the seed model (forward, backward, Adam): over a workspace and alternating Adam
/// buffers (the training loop's steady state) against the allocating functional API. The memory diagnoser
/// shows what each allocates per step.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private SeedModelStep step = null!;

    [Params(32, 128)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup() => step = new SeedModelStep(BatchSize);

    [Benchmark(Baseline = true)]
    public void Allocating() => step.RunAllocating();

    [Benchmark]
    public void Workspace() => step.Run();
}

namespace MnistFunctional.Imaging.Tests.Cli;

/// <summary>
/// Tests that measure which of two parallel readers finishes first run alone, after the parallel tests: with the
/// other test classes running beside them, the thread pool can be slow to start predict's second reader.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}

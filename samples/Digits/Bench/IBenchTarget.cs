namespace Digits.Bench;

/// <summary>
/// A backend as the benchmark sees it: closures over fixed, already prepared batches, so only the work itself
/// is timed. Adding a backend (TorchSharp) to <c>digits bench</c> is one more implementation of this.
/// </summary>
internal interface IBenchTarget : IDisposable
{
    /// <summary>The key in the JSON report ("mathnet", "torch").</summary>
    string Name { get; }

    /// <summary>One training step (forward, backward, Adam) per call, on one fixed batch of <paramref name="batchSize"/> images.</summary>
    Action TrainStep(int batchSize);

    /// <summary>Class probabilities of one fixed batch of <paramref name="batchSize"/> images per call.</summary>
    Action Infer(int batchSize);
}

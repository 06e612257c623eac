namespace Digits.Bench;

/// <summary>
/// A backend as the benchmark sees it: closures over fixed, already prepared batches, so only the work itself
/// is timed. Adding a backend (TorchSharp, ONNX Runtime) to <c>digits bench</c> is one more implementation of this.
/// </summary>
internal interface IBenchTarget : IDisposable
{
    /// <summary>The key in the JSON report ("mathnet", "torch", "onnx").</summary>
    string Name { get; }

    /// <summary>False for an inference-only backend (ONNX Runtime): it has no training figures and no <see cref="TrainStep"/>.</summary>
    bool Trains => true;

    /// <summary>One training step (forward, backward, Adam) per call, on one fixed batch of <paramref name="batchSize"/> images.</summary>
    Action TrainStep(int batchSize);

    /// <summary>Class probabilities of one fixed batch of <paramref name="batchSize"/> images per call.</summary>
    Action Infer(int batchSize);
}

using MathNet.Numerics.LinearAlgebra;

namespace MnistFunctional;

/// <summary>
/// Buffers a network reuses across calls for batches of exactly <see cref="BatchSize"/> examples, owned by
/// the caller (no hidden static caches). Calls given a workspace allocate nothing; what they return lives in
/// the workspace and is overwritten by its next use, so copy what you keep. One call at a time per workspace.
/// </summary>
public interface INetworkWorkspace
{
    int BatchSize { get; }

    /// <summary>An input matrix (features × <see cref="BatchSize"/>) the caller may fill in place.</summary>
    Matrix<float> Input { get; }
}

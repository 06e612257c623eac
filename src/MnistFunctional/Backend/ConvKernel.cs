namespace MnistFunctional.Backend;

/// <summary>
/// The kernels a convolution trains with, chosen per layer by the generator's planner (the generated code passes
/// it); the backend still checks that the CPU and the shape allow it and otherwise takes <see cref="Im2Col"/>.
/// </summary>
public enum ConvKernel
{
    /// <summary>im2col and matrix products, forward and backward.</summary>
    Im2Col,

    /// <summary>
    /// One input channel: a direct convolution (ReLU or linear) and, for the first layer, a direct kernel gradient
    /// (<see cref="SingleChannelConv"/>).
    /// </summary>
    SingleChannel,

    /// <summary>
    /// A max pooling takes the output, so the gradient arrives mostly zeros: im2col forward, and a backward that
    /// skips the zeros (<see cref="SparseConvBackward"/>, the same results bit for bit).
    /// </summary>
    RoutedGradient,

    /// <summary>
    /// <see cref="SingleChannel"/> for the first layer under a plain max pooling: the pooling's backward and the
    /// kernel gradient in one pass (<see cref="ConvKernels.BackwardThroughPool"/>); its output gradient is never written.
    /// </summary>
    SingleChannelThroughPool,
}

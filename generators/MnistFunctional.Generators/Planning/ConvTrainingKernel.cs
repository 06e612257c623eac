namespace MnistFunctional.Generators.Planning
{
    /// <summary>The kernels a convolution trains with (the backend's <c>ConvKernel</c>, which also checks the CPU).</summary>
    internal enum ConvTrainingKernel
    {
        /// <summary>Not a convolution, or im2col and matrix products forward and backward.</summary>
        Im2Col,

        /// <summary>One input channel, unpadded, filters in whole 512-bit vectors: the direct convolution and kernel gradient.</summary>
        SingleChannel,

        /// <summary>A max pooling takes the output: im2col forward, a backward over the gradient's non-zeros only (same results).</summary>
        RoutedGradient,

        /// <summary>
        /// <see cref="SingleChannel"/> for a first 3×3 ReLU layer under a plain max pooling: the pooling's backward runs
        /// inside the kernel gradient (its output gradient never written).
        /// </summary>
        SingleChannelThroughPool,
    }
}

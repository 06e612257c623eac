namespace MnistFunctional.Generators.Planning
{
    /// <summary>The kernel an inference step runs.</summary>
    internal enum PredictKernel
    {
        /// <summary>The layer's own forward kernel (im2col + GEMM for a convolution; a one-channel convolution runs directly where the machine allows).</summary>
        Layer,

        /// <summary>A 3×3 convolution as Winograd F(3×3, 3×3) for batches that repay its kernel transform, im2col otherwise.</summary>
        WinogradConv,

        /// <summary>A convolution and the pooling after it in one pass, its output never kept (one channel: pooled in registers).</summary>
        ConvPool,

        /// <summary>A 3×3 convolution and a 2×2 pooling as one Winograd F(2×2, 3×3) kernel for batches that repay it, <see cref="ConvPool"/> otherwise.</summary>
        WinogradConvPool,

        /// <summary>A residual's addition of two buffers (the block's output and the shortcut), then its activation.</summary>
        Add,

        /// <summary>No work: the output is the input's storage read with another shape (Flatten), or unchanged (Dropout in inference).</summary>
        Alias,
    }
}

namespace MnistFunctional.Generators.Planning
{
    /// <summary>
    /// One step of the inference path: a layer (or a convolution and the pooling fused with it) over a chunk of images,
    /// from one of the slice's rotating buffers into another.
    /// </summary>
    /// <param name="Layer">The (first) layer's index.</param>
    /// <param name="Kernel">The kernel it runs.</param>
    /// <param name="FusedPool">The pooling layer fused into this step, or -1.</param>
    /// <param name="InputSlot">The buffer holding its input, or -1 for the caller's input.</param>
    /// <param name="OutputSlot">The buffer it writes, or -1 when it writes nothing (an alias, or the logits in the workspace).</param>
    /// <param name="BetweenSlot">The buffer a fused pair's unfused fallback keeps the convolution's output in, or -1.</param>
    /// <param name="ShortcutSlot">A residual's addition: the buffer holding the shortcut's output, or -1 for the caller's input.</param>
    internal sealed record PredictStep(int Layer, PredictKernel Kernel, int FusedPool, int InputSlot, int OutputSlot, int BetweenSlot, int ShortcutSlot = -1)
    {
        /// <summary>The last layer this step covers.</summary>
        public int LastLayer => FusedPool >= 0 ? FusedPool : Layer;

        /// <summary>Whether the step has a Winograd kernel, with its flag, transformed kernel and scratch in the workspace.</summary>
        public bool UsesWinograd => Kernel == PredictKernel.WinogradConv || Kernel == PredictKernel.WinogradConvPool;
    }
}

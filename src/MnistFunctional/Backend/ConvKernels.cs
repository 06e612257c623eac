using MnistFunctional.Tensors;

namespace MnistFunctional.Backend;

/// <summary>
/// Forward and backward of a "valid" 2-D convolution as im2col + matrix products, over caller-owned
/// buffers (a network's workspace), so a training step allocates nothing.
/// </summary>
public static class ConvKernels
{
    private const int ColumnChunkBytes = 512 * 1024;
    // Backward pieces: 1 MB measured ~3% faster per training step than 512 KB or one piece (interleaved runs).
    private const int PieceBytes = 1024 * 1024;

    /// <summary>
    /// output (filters·positions × batch, channels last) = f(W·im2col(x) + b); <paramref name="columns"/> is scratch;
    /// <paramref name="kernel"/> is the planner's choice (a one-channel layer runs directly where the CPU allows).
    /// </summary>
    public static void Forward(
        ConvGeometry g, ConvParameters parameters, ReadOnlySpan<float> input, int batch, Span<float> columns, Span<float> output, bool parallel = true,
        ConvKernel kernel = ConvKernel.Im2Col)
    {
        if (kernel is (ConvKernel.SingleChannel or ConvKernel.SingleChannelThroughPool) && SingleChannelConv.Applies(g) && g.Activation is Dsl.Activation.ReLU or Dsl.Activation.Linear)
        {
            SingleChannelConv.Forward(g, Storage.Of(parameters.Kernel), Storage.Of(parameters.Bias), input, batch, output, g.Activation == Dsl.Activation.ReLU);
            return;
        }

        // A few images at a time, so their columns are still in the core's cache when the product reads them
        // (a whole batch of conv2 columns is 139 KB per image). Every output column is summed the same way. Where the
        // CPU allows, the product reads the patches from the input instead of an im2col copy (the same sums).
        var patches = Gemm.ReadsPatches(g);
        var chunk = patches && !parallel && ChunksSumAsOne(g, ImagesPerChunk(g), batch) ? batch : ImagesPerChunk(g);
        for (var first = 0; first < batch; first += chunk)
        {
            var images = Math.Min(chunk, batch - first);
            var chunkOutput = output.Slice(first * g.OutSize, images * g.OutSize);
            if (patches)
            {
                Gemm.MultiplyPatches(g.Filters, g.Positions * images, g.PatchSize, Storage.Of(parameters.Kernel), g.Filters, input, new PatchColumns(g), first * g.Positions, chunkOutput, g.Filters, parallel: parallel);
            }
            else
            {
                Im2Col.Expand(g, input.Slice(first * g.InSize, images * g.InSize), images, columns);
                Gemm.Multiply(false, false, g.Filters, g.Positions * images, g.PatchSize, Storage.Of(parameters.Kernel), g.Filters, columns, g.PatchSize, chunkOutput, g.Filters, parallel: parallel);
            }

            BiasActivation.Apply(chunkOutput, Storage.Of(parameters.Bias), g.Activation);
        }
    }

    // Read in place, the patches need no chunks: on one thread one product over the batch packs A once instead of per
    // chunk, and sums every output in the same k blocks as the chunks' products did, where its blocks are theirs.
    private static bool ChunksSumAsOne(ConvGeometry g, int chunk, int batch)
    {
        int Block(int images) => Gemm.SumBlock(transposeA: false, g.Filters, g.Positions * images, g.Filters);
        var whole = Block(batch);
        return Block(Math.Min(chunk, batch)) == whole && (batch % chunk == 0 || Block(batch % chunk) == whole);
    }

    private static int ImagesPerChunk(ConvGeometry g) => Math.Max(1, ColumnChunkBytes / (g.PatchSize * g.Positions * sizeof(float)));

    /// <summary>
    /// Gradients of the kernel and bias and, when <paramref name="inputGradient"/> is not empty, of the input.
    /// <paramref name="outputGradient"/> is turned in place into the gradient before the activation, unless
    /// <paramref name="activationApplied"/> says the layer above already did (a pooling layer over a ReLU output).
    /// <paramref name="kernel"/> is the planner's choice: <see cref="ConvKernel.SingleChannel"/> takes the direct kernel
    /// gradient when no input gradient is wanted; <see cref="ConvKernel.RoutedGradient"/> (a max pooling above left the
    /// gradient mostly zeros) skips the zeros on one thread where <see cref="SparseConvBackward"/> applies, with the
    /// same results.
    /// </summary>
    public static void Backward(
        ConvGeometry g, ConvParameters parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> outputGradient, int batch,
        Span<float> columns, Span<float> kernelGradient, Span<float> biasGradient, Span<float> inputGradient, bool parallel = true, bool activationApplied = false,
        ConvKernel kernel = ConvKernel.Im2Col)
    {
        var columnCount = g.Positions * batch;
        var preActivation = outputGradient[..(g.OutSize * batch)];
        if (!activationApplied)
        {
            ActivationFunctions.Backward(g.Activation, output, preActivation, preActivation);
        }

        if (kernel == ConvKernel.SingleChannel && SingleChannelConv.Applies(g) && inputGradient.IsEmpty)
        {
            SingleChannelConv.KernelGradient(g, input, preActivation, batch, kernelGradient);
            Bias.SumColumns(preActivation, g.Filters, biasGradient);
            return;
        }

        // The dense weight-gradient product would split its columns across threads (and maybe its sum blocks): one thread only.
        if (kernel == ConvKernel.RoutedGradient && !parallel && SparseConvBackward.Applies(g) && columns.Length >= SparseConvBackward.ScratchLength(g))
        {
            SparseConvBackward.Backward(g, Storage.Of(parameters.Kernel), input, preActivation, batch, columns, kernelGradient, inputGradient);
            Bias.SumColumns(preActivation, g.Filters, biasGradient);
            return;
        }

        // Walked in pieces of whole GEMM sum blocks that fit the core's cache: each piece's columns are expanded, used
        // for dW (accumulated: the same sums as one product), overwritten by their dCols and folded back at once.
        var weights = Storage.Of(parameters.Kernel);
        var piece = PieceColumns(g, columnCount, parallel);
        if (!inputGradient.IsEmpty)
        {
            inputGradient[..(g.InSize * batch)].Clear();
        }

        for (var first = 0; first < columnCount; first += piece)
        {
            var count = Math.Min(piece, columnCount - first);
            var gradient = preActivation.Slice(first * g.Filters, count * g.Filters);
            Im2Col.ExpandRange(g, input, first, count, columns);

            // dW (filters × patch) += dZ (filters × columns) · colsᵀ
            Gemm.Multiply(false, true, g.Filters, g.PatchSize, count, gradient, g.Filters, columns, g.PatchSize, kernelGradient, g.Filters, accumulate: first > 0, parallel: parallel);
            if (!inputGradient.IsEmpty)
            {
                // dCols (patch × columns) = Wᵀ · dZ, folded back onto the input.
                Gemm.Multiply(true, false, g.PatchSize, count, g.Filters, weights, g.Filters, gradient, g.Filters, columns, g.PatchSize, parallel: parallel);
                Im2Col.CollapseRange(g, columns, first, count, inputGradient);
            }
        }

        Bias.SumColumns(preActivation, g.Filters, biasGradient);
    }

    /// <summary>
    /// The backward of a first convolution (no input gradient) and the max pooling above it, where the planner fused
    /// them (<see cref="ConvKernel.SingleChannelThroughPool"/>): in one pass where <see cref="SingleChannelConvPoolBackward"/>
    /// applies, else the pooling's backward into <paramref name="outputGradient"/> and then <see cref="Backward"/>.
    /// The results are the same either way. <paramref name="routing"/>: the pooling's, when its forward recorded it for
    /// these activations (<see cref="PoolRouting"/>).
    /// </summary>
    public static void BackwardThroughPool(
        ConvGeometry g, PoolGeometry pool, ConvParameters parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> pooled,
        ReadOnlySpan<float> pooledGradient, int batch, Span<float> outputGradient, Span<float> columns, Span<float> kernelGradient, Span<float> biasGradient, bool parallel = true,
        ReadOnlySpan<byte> routing = default)
    {
        if (SingleChannelConvPoolBackward.Applies(g, pool))
        {
            SingleChannelConvPoolBackward.Gradients(g, pool, input, output, pooled, pooledGradient, batch, kernelGradient, biasGradient, routing);
            return;
        }

        var reluInput = g.Activation == Dsl.Activation.ReLU;
        PoolKernels.Backward(pool, output, pooled, pooledGradient, batch, outputGradient, reluInput);
        Backward(g, parameters, input, output, outputGradient, batch, columns, kernelGradient, biasGradient, [], parallel, activationApplied: reluInput, ConvKernel.SingleChannel);
    }

    // Whole sum blocks of the weight-gradient product, about ColumnChunkBytes of columns; the whole batch when the
    // product runs on several threads (their column split could change its blocks).
    private static int PieceColumns(ConvGeometry g, int columnCount, bool parallel)
    {
        if (parallel)
        {
            return columnCount;
        }

        var block = Gemm.SumBlock(transposeA: false, g.Filters, g.PatchSize, g.Filters);
        return Math.Max(1, PieceBytes / (g.PatchSize * sizeof(float)) / block) * block;
    }
}

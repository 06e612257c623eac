using MnistFunctional.Backend;
using MnistFunctional.Dsl;
using MnistFunctional.Models;
using MnistFunctional.Tensors;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// The training kernels of issue 12's fourth session against what they replaced, on the seed model's layers: both
/// versions alternating in one process, medians of the thread's CPU time (one thread, as a slice runs them).
/// <c>profile</c> prints one round at its end; <c>levers [batch] [steps] [rounds]</c> prints only these, several rounds.
/// </summary>
public static class KernelLevers
{
    public static void Run(int batch, int steps, int rounds)
    {
        var parameters = MnistCnn.Initialize(42);
        var conv2 = new ConvGeometry(13, 13, 32, 64, 3, 1, Activation.ReLU);
        var conv3 = new ConvGeometry(5, 5, 64, 64, 3, 1, Activation.ReLU);
        var random = new Random(7);
        float[] Activations(int size) => [.. Enumerable.Range(0, size * batch).Select(_ => random.Next(3) == 0 ? 0f : random.NextSingle())];
        var (p1, p2) = (Activations(conv2.InSize), Activations(conv3.InSize));
        var (c2, c3) = (new float[conv2.OutSize * batch], new float[conv3.OutSize * batch]);
        var columns = new float[conv2.PatchSize * conv2.Positions * batch];
        var (w3, wt) = (Storage.Of(parameters.Conv3.Kernel).ToArray(), new float[64 * 576]);

        // conv2's gradient as a 2×2 max pooling over ReLU routes it: at most one value per window and filter.
        var pool2 = new PoolGeometry(11, 11, 64, 2);
        ConvKernels.Forward(conv2, parameters.Conv2, p1, batch, columns, c2, parallel: false);
        var (pooled, pooledGradient, routed) = (new float[pool2.OutSize * batch], Activations(pool2.OutSize), new float[conv2.OutSize * batch]);
        PoolKernels.Forward(pool2, c2, batch, pooled);
        PoolKernels.Backward(pool2, c2, pooled, pooledGradient, batch, routed, reluInput: true);
        var (dw2, dp1) = (new float[conv2.Filters * conv2.PatchSize], new float[conv2.InSize * batch]);

        // The same input 16 bytes past a cache line's boundary, and scratch with and without room for its aligned copy.
        var offInput = OffBoundary(p1.Length);
        p1.CopyTo(offInput);
        var (tight, roomy) = (new float[SparseConvBackward.ScratchLength(conv2)], new float[SparseConvBackward.ScratchLength(conv2, batch)]);
        var levers = new (string Name, string Before, Action BeforeBody, string After, Action AfterBody)[]
        {
            ("conv2 forward", "im2col + product", () => Im2ColForward(conv2, parameters.Conv2, p1, batch, columns, c2), "product reading the patches in place", () => ConvKernels.Forward(conv2, parameters.Conv2, p1, batch, columns, c2, parallel: false)),
            ("conv3 forward", "im2col + product", () => Im2ColForward(conv3, parameters.Conv3, p2, batch, columns, c3), "product reading the patches in place", () => ConvKernels.Forward(conv3, parameters.Conv3, p2, batch, columns, c3, parallel: false)),
            ("conv2 backward, routed", "patch gradients in passes of 9 vectors", () => SparseConvBackward.Backward(conv2, Storage.Of(parameters.Conv2.Kernel), p1, routed, batch, columns, dw2, dp1, wideColumnChains: false), "one pass of 18", () => SparseConvBackward.Backward(conv2, Storage.Of(parameters.Conv2.Kernel), p1, routed, batch, columns, dw2, dp1)),
            ("conv2 backward, input off a cache line's boundary", "read in place", () => SparseConvBackward.Backward(conv2, Storage.Of(parameters.Conv2.Kernel), offInput.Span, routed, batch, tight, dw2, dp1), "copied to one", () => SparseConvBackward.Backward(conv2, Storage.Of(parameters.Conv2.Kernel), offInput.Span, routed, batch, roomy, dw2, dp1)),
            ("conv3 weights transposed (64 x 576)", "one value at a time", () => ScalarTranspose(w3, 64, 576, wt), "16 x 16 register blocks", () => Transpose(w3, 64, 576, wt)),
            ("conv2 weights transposed (64 x 288)", "one value at a time", () => ScalarTranspose(w3, 64, 288, wt), "16 x 16 register blocks", () => Transpose(w3, 64, 288, wt)),
        };

        // Tiered compilation optimises the helpers (im2col, TensorPrimitives) only after a while: two seconds of calls first.
        var warmup = System.Diagnostics.Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < 2)
        {
            foreach (var lever in levers)
            {
                lever.BeforeBody();
                lever.AfterBody();
            }
        }

        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, beforeName, beforeBody, afterName, afterBody) in levers)
            {
                var (before, after) = LayerProfile.Interleaved(beforeBody, afterBody, steps * 2, cpu: true);
                Console.WriteLine($"{name} (1 thread, CPU µs): {beforeName} {before:F1}, {afterName} {after:F1}, speed-up {before / after:F2}x");
            }
        }
    }

    // Floats starting 16 bytes past a 64-byte boundary (pinned, so they stay there).
    private static unsafe Memory<float> OffBoundary(int length)
    {
        var array = GC.AllocateArray<float>(length + 32, pinned: true);
        fixed (float* first = array)
        {
            var toBoundary = (int)(((64 - ((nint)first % 64)) % 64) / sizeof(float));
            return array.AsMemory(toBoundary + 4, length);
        }
    }

    // How Gemm packed a transposed A and SparseConvBackward transposed its weights before BlockTranspose.
    private static void ScalarTranspose(float[] source, int rows, int columns, float[] target)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                target[(r * columns) + c] = source[(c * rows) + r];
            }
        }
    }

    private static unsafe void Transpose(float[] source, int rows, int columns, float[] target)
    {
        fixed (float* s = source, t = target)
        {
            BlockTranspose.Matrix(s, rows, columns, t);
        }
    }

    // ConvKernels.Forward before it read the patches in place: im2col of a few images, then the product (same chunks).
    private static void Im2ColForward(ConvGeometry g, ConvParameters parameters, float[] input, int batch, float[] columns, float[] output)
    {
        var chunk = Math.Max(1, 512 * 1024 / (g.PatchSize * g.Positions * sizeof(float)));
        for (var first = 0; first < batch; first += chunk)
        {
            var images = Math.Min(chunk, batch - first);
            var chunkOutput = output.AsSpan(first * g.OutSize, images * g.OutSize);
            Im2Col.Expand(g, input.AsSpan(first * g.InSize, images * g.InSize), images, columns);
            Gemm.Multiply(false, false, g.Filters, g.Positions * images, g.PatchSize, Storage.Of(parameters.Kernel), g.Filters, columns, g.PatchSize, chunkOutput, g.Filters, parallel: false);
            BiasActivation.Apply(chunkOutput, Storage.Of(parameters.Bias), g.Activation);
        }
    }
}

using System.Diagnostics;
using System.Runtime.Intrinsics;
using MnistFunctional.Backend;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// GFLOP/s of <see cref="Gemm"/> on the seed model's conv- and dense-shaped products as a training step runs them
/// (one thread per slice of the batch), next to the machine's peak measured the same way: a loop of independent
/// 512-bit fused multiply-adds on registers, one thread. Medians of many calls, so the figures survive a noisy machine.
/// </summary>
public static class ConvGemmSpeed
{
    public static void Run(int batch)
    {
        var slice = Math.Max(1, batch / Environment.ProcessorCount);
        var shapes = new (string Name, bool Ta, bool Tb, int M, int N, int K)[]
        {
            ("conv2 fwd", false, false, 64, 121 * slice, 288),
            ("conv2 dW", false, true, 64, 288, 121 * slice),
            ("conv2 dCols", true, false, 288, 121 * slice, 64),
            ("conv3 fwd", false, false, 64, 9 * slice, 576),
            ("conv3 dW", false, true, 64, 576, 9 * slice),
            ("conv3 dCols", true, false, 576, 9 * slice, 64),
            ("dense1 fwd", false, false, 64, slice, 576),
        };
        var peak = FmaPeak.OneCoreGflops();
        Console.WriteLine($"batch {batch}: {slice} images per slice, one thread; median µs per product, GFLOP/s, share of the peak");
        Console.WriteLine($"{"peak (FMA loop)",-16}{string.Empty,10}{peak,10:F1}");
        foreach (var (name, ta, tb, m, n, k) in shapes)
        {
            var a = Random(m * k, 1);
            var b = Random(n * k, 2);
            var c = new float[m * n];
            var (lda, ldb) = (ta ? k : m, tb ? n : k);
            var median = Median(() => Gemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, c, m, parallel: false));
            var gflops = 2.0 * m * n * k / median / 1e3;
            Console.WriteLine($"{name,-16}{median,10:F1}{gflops,10:F1}{gflops / peak,10:P0}");
        }

        Inference(peak);
    }

    /// <summary>
    /// Predict's kernels on one chunk of images: each Winograd layer's time, the GFLOP/s of the multiplications it
    /// does and the "effective" GFLOP/s of the direct convolution it replaces (2·filters·patch·positions per image).
    /// </summary>
    private static void Inference(double peak)
    {
        const int Images = ForwardChunk.Images;
        var model = Models.MnistCnn.Initialize(42);
        var conv2 = new ConvGeometry(13, 13, 32, 64, 3, 1, Dsl.Activation.ReLU);
        var pool2 = new PoolGeometry(11, 11, 64, 2);
        var conv3 = new ConvGeometry(5, 5, 64, 64, 3, 1, Dsl.Activation.ReLU);
        Console.WriteLine($"Predict, {Images} images, one thread: median µs, GFLOP/s done, share of the peak, effective GFLOP/s of the direct convolution");

        var x2 = Random(conv2.InSize * Images, 3);
        var (columns, convolved, pooled) = (new float[conv2.PatchSize * conv2.Positions * Images], new float[conv2.OutSize * Images], new float[pool2.OutSize * Images]);
        var im2col = Median(() => ConvPoolKernels.Forward(conv2, pool2, model.Conv2, x2, Images, columns, convolved, pooled, parallel: false));
        Report("conv2+pool2 im2col", im2col, 2.0 * conv2.Filters * conv2.PatchSize * conv2.Positions * Images, conv2, Images, peak);

        var kernel2 = new float[WinogradConvPool.KernelLength(conv2)];
        WinogradConvPool.TransformKernel(conv2, Storage.Of(model.Conv2.Kernel), kernel2);
        var scratch2 = new float[WinogradConvPool.ScratchLength(conv2, pool2, Images)];
        var bias2 = Storage.Of(model.Conv2.Bias);
        var winograd2 = Median(() => WinogradConvPool.Forward(conv2, pool2, kernel2, bias2, x2, Images, scratch2, pooled, parallel: false));
        Report("conv2+pool2 F(2,3)", winograd2, 2.0 * 16 * conv2.Filters * conv2.InChannels * pool2.OutHeight * pool2.OutWidth * Images, conv2, Images, peak);

        var x3 = Random(conv3.InSize * Images, 4);
        var kernel3 = new float[WinogradConv.KernelLength(conv3)];
        WinogradConv.TransformKernel(conv3, Storage.Of(model.Conv3.Kernel), kernel3);
        var (scratch3, output3) = (new float[WinogradConv.ScratchLength(conv3, Images)], new float[conv3.OutSize * Images]);
        var bias3 = Storage.Of(model.Conv3.Bias);
        var winograd3 = Median(() => WinogradConv.Forward(conv3, kernel3, bias3, x3, Images, scratch3, output3, parallel: false));
        Report("conv3 F(3,3)", winograd3, 2.0 * 25 * conv3.Filters * conv3.InChannels * Images, conv3, Images, peak);

        // One of conv2's 16 products over a block of tiles (filters × tiles × channels).
        var (a, b, c) = (Random(64 * 32, 5), Random(32 * 80, 6), new float[64 * 80]);
        var product = Median(() => WinogradProduct.Multiply(64, 80, 32, a, b, c, parallel: false));
        var done = 2.0 * 64 * 80 * 32 / product / 1e3;
        Console.WriteLine($"{"product 64x80x32",-20}{product,10:F1}{done,10:F1}{done / peak,10:P0}");
    }

    private static void Report(string name, double microseconds, double flopsDone, ConvGeometry direct, int images, double peak)
    {
        var done = flopsDone / microseconds / 1e3;
        var effective = 2.0 * direct.Filters * direct.PatchSize * direct.Positions * images / microseconds / 1e3;
        Console.WriteLine($"{name,-20}{microseconds,10:F1}{done,10:F1}{done / peak,10:P0}{effective,10:F1}");
    }

    // After a second of calls (tiered compilation reaches the optimised code), the median of 200 timed calls in µs.
    private static double Median(Action body)
    {
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < 1)
        {
            body();
        }

        var times = new double[200];
        for (var i = 0; i < times.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            body();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(times);
        return times[times.Length / 2];
    }

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => random.NextSingle())];
    }
}

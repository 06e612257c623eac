using BenchmarkDotNet.Attributes;
using MnistFunctional.Backend;
using MnistFunctional.Dsl;
using MnistFunctional.Models;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// Predict's Winograd kernels against the im2col path they replace, on one chunk of images as a slice runs it
/// (one thread): conv2 + pool2, conv3, and one of conv2's 16 products against the general GEMM.
/// </summary>
[MemoryDiagnoser]
public class WinogradBenchmarks
{
    private const int Images = ForwardChunk.Images;
    private static readonly ConvGeometry Conv2 = new(13, 13, 32, 64, 3, 1, Activation.ReLU);
    private static readonly PoolGeometry Pool2 = new(11, 11, 64, 2);
    private static readonly ConvGeometry Conv3 = new(5, 5, 64, 64, 3, 1, Activation.ReLU);
    private MnistCnn.Parameters model = null!;
    private float[] input2 = [], input3 = [], columns = [], convolved = [], pooled = [], output3 = [];
    private float[] kernel2 = [], kernel3 = [], scratch2 = [], scratch3 = [];
    private float[] a = [], b = [], c = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        float[] Random(int length) => [.. Enumerable.Range(0, length).Select(_ => random.NextSingle())];
        model = MnistCnn.Initialize(42);
        (input2, input3) = (Random(Conv2.InSize * Images), Random(Conv3.InSize * Images));
        (columns, convolved, pooled, output3) = (new float[Conv2.PatchSize * Conv2.Positions * Images], new float[Conv2.OutSize * Images], new float[Pool2.OutSize * Images], new float[Conv3.OutSize * Images]);
        (kernel2, kernel3) = (new float[WinogradConvPool.KernelLength(Conv2)], new float[WinogradConv.KernelLength(Conv3)]);
        WinogradConvPool.TransformKernel(Conv2, Storage.Of(model.Conv2.Kernel), kernel2);
        WinogradConv.TransformKernel(Conv3, Storage.Of(model.Conv3.Kernel), kernel3);
        (scratch2, scratch3) = (new float[WinogradConvPool.ScratchLength(Conv2, Pool2, Images)], new float[WinogradConv.ScratchLength(Conv3, Images)]);
        (a, b, c) = (Random(64 * 32), Random(32 * 80), new float[64 * 80]);
    }

    [Benchmark(Baseline = true)]
    public void Conv2Pool2Im2Col() => ConvPoolKernels.Forward(Conv2, Pool2, model.Conv2, input2, Images, columns, convolved, pooled, parallel: false);

    [Benchmark]
    public void Conv2Pool2Winograd() => WinogradConvPool.Forward(Conv2, Pool2, kernel2, Storage.Of(model.Conv2.Bias), input2, Images, scratch2, pooled, parallel: false);

    [Benchmark]
    public void Conv3Im2Col() => ConvKernels.Forward(Conv3, model.Conv3, input3, Images, columns, output3, parallel: false);

    [Benchmark]
    public void Conv3Winograd() => WinogradConv.Forward(Conv3, kernel3, Storage.Of(model.Conv3.Bias), input3, Images, scratch3, output3, parallel: false);

    /// <summary>One of conv2's 16 products over a block of 80 tiles, 327.7 kFLOP.</summary>
    [Benchmark]
    public void ProductWinograd() => WinogradProduct.Multiply(64, 80, 32, a, b, c, parallel: false);

    [Benchmark]
    public void ProductGemm() => Gemm.Multiply(false, false, 64, 80, 32, a, 64, b, 32, c, 64, parallel: false);
}

using MnistFunctional.Backend;
using MnistFunctional.Dsl;
using MnistFunctional.Models;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// Where Predict spends its time: each of its kernels on one chunk of images on one thread (as a slice runs them),
/// then the whole call at a batch size with one slice and with one per core, interleaved. Compare rows of one run.
/// </summary>
public static class PredictProfile
{
    public static void Run(int batch, int steps)
    {
        const int Images = ForwardChunk.Images;
        var parameters = MnistCnn.Initialize(42);
        var conv1 = new ConvGeometry(28, 28, 1, 32, 3, 1, Activation.ReLU);
        var pool1 = new PoolGeometry(26, 26, 32, 2);
        var conv2 = new ConvGeometry(13, 13, 32, 64, 3, 1, Activation.ReLU);
        var pool2 = new PoolGeometry(11, 11, 64, 2);
        var conv3 = new ConvGeometry(5, 5, 64, 64, 3, 1, Activation.ReLU);
        var workspace = new MnistCnn.Workspace(batch);
        SeedModelStep.Fill(workspace.Input, seed: 1);
        var x = Storage.Of(workspace.Input);
        var (columns, c1, p1) = (new float[conv1.PatchSize * conv1.Positions * Images], new float[conv1.OutSize * Images], new float[pool1.OutSize * Images]);
        var (p2, c3, d1, logits, probabilities) = (new float[pool2.OutSize * Images], new float[conv3.OutSize * Images], new float[64 * Images], new float[10 * Images], new float[10 * Images]);
        var kernel2 = new float[WinogradConvPool.KernelLength(conv2)];
        WinogradConvPool.TransformKernel(conv2, Storage.Of(parameters.Conv2.Kernel), kernel2);
        var kernel3 = new float[WinogradConv.KernelLength(conv3)];
        WinogradConv.TransformKernel(conv3, Storage.Of(parameters.Conv3.Kernel), kernel3);
        var scratch = new float[Math.Max(WinogradConvPool.ScratchLength(conv2, pool2, Images), WinogradConv.ScratchLength(conv3, Images))];
        var rows = new (string Name, Action Body)[]
        {
            ("conv1 + pool1", () => ConvPoolKernels.Forward(conv1, pool1, parameters.Conv1, x, Images, columns, c1, p1, parallel: false, ConvKernel.SingleChannelThroughPool)),
            ("conv2 + pool2 F(2,3)", () => WinogradConvPool.Forward(conv2, pool2, kernel2, Storage.Of(parameters.Conv2.Bias), p1, Images, scratch, p2, parallel: false)),
            ("conv3 F(3,3)", () => WinogradConv.Forward(conv3, kernel3, Storage.Of(parameters.Conv3.Bias), p2, Images, scratch, c3, parallel: false)),
            ("dense1 + dense2", () =>
            {
                DenseKernels.Forward(parameters.Dense1, Activation.ReLU, c3, Images, d1, parallel: false);
                DenseKernels.Linear(parameters.Dense2, d1, Images, logits, parallel: false);
                SoftmaxCrossEntropy.Probabilities(logits, 10, probabilities);
            }),
        };
        var input = new MnistCnn.InputBatch(workspace.Input);
        var single = new MnistCnn.Workspace(batch, slices: 1);

        // Tiered compilation optimises a long-running loop only after a while: run everything for two seconds first.
        var warmup = System.Diagnostics.Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < 2)
        {
            Array.ForEach(rows, row => row.Body());
            MnistCnn.Predict(parameters, input, workspace);
            MnistCnn.Predict(parameters, input, single);
        }

        Console.WriteLine($"Predict's kernels on {Images} images, one thread, median of {steps} runs, CPU µs (per image)");
        var total = 0.0;
        foreach (var (name, body) in rows)
        {
            var micros = ThreadCpuTime.Interleaved(body, body, steps).A;
            total += micros;
            Console.WriteLine($"{name,-24}{micros,10:F1}{micros / Images,10:F2}");
        }

        Console.WriteLine($"{"sum of kernels",-24}{total,10:F1}{total / Images,10:F2}");
        var (a, b) = LayerProfile.Interleaved(() => MnistCnn.Predict(parameters, input, single), () => MnistCnn.Predict(parameters, input, workspace), steps);
        Console.WriteLine($"Predict of {batch}: 1 slice {a:F1} µs ({batch / a * 1e6:N0} images/s), {workspace.Slices} slices {b:F1} µs ({batch / b * 1e6:N0} images/s), speed-up {a / b:F2}x");
        Console.WriteLine($"Predict of {batch}, 1 slice, CPU µs per image: {ThreadCpuTime.Interleaved(() => MnistCnn.Predict(parameters, input, single), () => { }, steps).A / batch:F2}");
    }
}

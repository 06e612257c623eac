using System.Diagnostics;
using MnistFunctional.Backend;
using MnistFunctional.Data;
using MnistFunctional.Dsl;
using MnistFunctional.Models;
using MnistFunctional.Tensors;
using MnistFunctional.Training;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// Where a training step of the seed model spends its time: each kernel timed alone (median, over the same
/// buffers a workspace holds), then the whole step through the generated code. Noisy machines: compare rows of one run.
/// </summary>
public static class LayerProfile
{
    public static void Run(int batch, int steps)
    {
        var parameters = MnistCnn.Initialize(42);
        var workspace = new MnistCnn.Workspace(batch);
        var labels = FillInput(workspace.Input, batch);
        var conv1 = new ConvGeometry(28, 28, 1, 32, 3, 1, Activation.ReLU);
        var pool1 = new PoolGeometry(26, 26, 32, 2);
        var conv2 = new ConvGeometry(13, 13, 32, 64, 3, 1, Activation.ReLU);
        var pool2 = new PoolGeometry(11, 11, 64, 2);
        var conv3 = new ConvGeometry(5, 5, 64, 64, 3, 1, Activation.ReLU);

        var x = Storage.Of(workspace.Input);
        float[] Buffer(int size) => new float[size * batch];
        var (c1, p1, c2, p2, c3, d1, logits, probabilities) = (Buffer(conv1.OutSize), Buffer(pool1.OutSize), Buffer(conv2.OutSize), Buffer(pool2.OutSize), Buffer(conv3.OutSize), Buffer(64), Buffer(10), Buffer(10));
        var (dc1, dp1, dc2, dp2, dc3, dd1, dd2) = (Buffer(conv1.OutSize), Buffer(pool1.OutSize), Buffer(conv2.OutSize), Buffer(pool2.OutSize), Buffer(conv3.OutSize), Buffer(64), Buffer(10));
        var columns = Buffer(conv2.PatchSize * conv2.Positions);
        var routing1 = new byte[pool1.OutSize * batch]; // where pool1's forward sends each gradient, as in training
        var gradients = new MnistCnn.Workspace(batch);
        var g = MnistCnn.Backward(parameters, MnistCnn.Forward(parameters, new MnistCnn.InputBatch(workspace.Input), workspace), labels, gradients);
        var scratch = new float[64 * 576];
        var bias = new float[64];
        var adam = AdamState.Initial(parameters.Tensors.Select(t => t.Data.Length));
        var (pArrays, gArrays) = (parameters.Tensors.Select(t => t.Data).ToArray(), g.Tensors.Select(t => t.Data).ToArray());
        var (newP, newM, newV) = (pArrays.Select(a => new float[a.Length]).ToArray(), pArrays.Select(a => new float[a.Length]).ToArray(), pArrays.Select(a => new float[a.Length]).ToArray());

        var rows = new (string Name, Action Body)[]
        {
            ("conv1 forward", () => ConvKernels.Forward(conv1, parameters.Conv1, x, batch, columns, c1, parallel: false, ConvKernel.SingleChannel)),
            ("pool1 forward", () => PoolKernels.Forward(pool1, c1, batch, p1, routing1)),
            ("conv2 forward", () => ConvKernels.Forward(conv2, parameters.Conv2, p1, batch, columns, c2, parallel: false)),
            ("pool2 forward", () => PoolKernels.Forward(pool2, c2, batch, p2)),
            ("conv3 forward", () => ConvKernels.Forward(conv3, parameters.Conv3, p2, batch, columns, c3, parallel: false)),
            ("dense1 forward", () => DenseKernels.Forward(parameters.Dense1, Activation.ReLU, c3, batch, d1, parallel: false)),
            ("dense2 forward+softmax", () =>
            {
                DenseKernels.Linear(parameters.Dense2, d1, batch, logits, parallel: false);
                SoftmaxCrossEntropy.Probabilities(logits, 10, probabilities);
            }),
            ("dense2 backward", () =>
            {
                SoftmaxCrossEntropy.LogitGradient(probabilities, 10, labels, dd2);
                DenseKernels.BackwardLinear(parameters.Dense2, d1, dd2, batch, scratch, bias, dd1, parallel: false);
            }),
            ("dense1 backward", () => DenseKernels.Backward(parameters.Dense1, Activation.ReLU, c3, d1, dd1, batch, scratch, bias, dc3, parallel: false)),
            ("conv3 backward", () => ConvKernels.Backward(conv3, parameters.Conv3, p2, c3, dc3, batch, columns, scratch, bias, dp2, parallel: false)),
            ("pool2 backward", () => PoolKernels.Backward(pool2, c2, p2, dp2, batch, dc2, reluInput: true)),
            ("conv2 backward", () => ConvKernels.Backward(conv2, parameters.Conv2, p1, c2, dc2, batch, columns, scratch, bias, dp1, parallel: false, activationApplied: true, ConvKernel.RoutedGradient)),
            ("pool1 + conv1 backward", () => ConvKernels.BackwardThroughPool(conv1, pool1, parameters.Conv1, x, c1, p1, dp1, batch, dc1, columns, scratch, bias, parallel: false, routing1)),
            ("adam", () => Adam.StepInto(AdamOptions.Keras, 0, pArrays, gArrays, adam.FirstMoments.AsSpan(), adam.SecondMoments.AsSpan(), newP, newM, newV)),
        };

        // Tiered compilation optimises a long-running loop only after a while: run every row for two seconds first.
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < 2)
        {
            foreach (var (_, body) in rows)
            {
                body();
            }
        }

        var total = 0.0;
        Console.WriteLine($"batch {batch}, each kernel on one thread (as a slice runs it), median of {steps} runs, µs of the thread's CPU time (a loaded machine's waits left out); whole steps in wall-clock µs");
        foreach (var (name, body) in rows)
        {
            var micros = Median(body, steps, cpu: true);
            total += micros;
            Console.WriteLine($"{name,-24}{micros,10:F1}");
        }

        Console.WriteLine($"{"sum of kernels",-24}{total,10:F1}");
        var step = new SeedModelStep(batch);
        Console.WriteLine($"{"whole step (workspace)",-24}{Median(step.Run, steps),10:F1}");
        Console.WriteLine($"{"whole step (allocating)",-24}{Median(step.RunAllocating, steps),10:F1}");
        var kernel1 = Storage.Of(parameters.Conv1.Kernel);
        var (f1, f2) = Interleaved(
            () =>
            {
                Im2Col.Expand(conv1, x, batch, columns);
                Gemm.Multiply(false, false, 32, conv1.Positions * batch, 9, kernel1, 32, columns, 9, c1, 32, parallel: false);
                BiasActivation.Apply(c1, Storage.Of(parameters.Conv1.Bias), Activation.ReLU);
            },
            () => SingleChannelConv.Forward(conv1, kernel1, Storage.Of(parameters.Conv1.Bias), x, batch, c1, relu: true),
            steps * 2);
        Console.WriteLine($"conv1 forward (1 thread): im2col+gemm {f1:F1}, direct {f2:F1}, speed-up {f1 / f2:F2}x");
        var (b1, b2) = Interleaved(
            () =>
            {
                Im2Col.Expand(conv1, x, batch, columns);
                Gemm.Multiply(false, true, 32, 9, conv1.Positions * batch, dc1, 32, columns, 9, scratch, 32, parallel: false);
            },
            () => SingleChannelConv.KernelGradient(conv1, x, dc1, batch, scratch),
            steps * 2);
        Console.WriteLine($"conv1 kernel gradient (1 thread): im2col+gemm {b1:F1}, direct {b2:F1}, speed-up {b1 / b2:F2}x");
        // conv2's gradient as pool2 routes it: both backward paths over the same mostly-zero gradient.
        PoolKernels.Backward(pool2, c2, p2, dp2, batch, dc2, reluInput: true);
        var routed = (float[])dc2.Clone();
        var (r1, r2) = Interleaved(
            () => ConvKernels.Backward(conv2, parameters.Conv2, p1, c2, routed, batch, columns, scratch, bias, dp1, parallel: false, activationApplied: true),
            () => ConvKernels.Backward(conv2, parameters.Conv2, p1, c2, routed, batch, columns, scratch, bias, dp1, parallel: false, activationApplied: true, ConvKernel.RoutedGradient),
            steps * 2);
        Console.WriteLine($"conv2 backward (1 thread, {routed.Count(v => v != 0) * 100.0 / routed.Length:F0}% non-zero): im2col+gemm {r1:F1}, routed {r2:F1}, speed-up {r1 / r2:F2}x");
        var (t1, t2) = Interleaved(
            () =>
            {
                PoolKernels.Backward(pool1, c1, p1, dp1, batch, dc1, reluInput: true);
                ConvKernels.Backward(conv1, parameters.Conv1, x, c1, dc1, batch, columns, scratch, bias, Span<float>.Empty, parallel: false, activationApplied: true, ConvKernel.SingleChannel);
            },
            () => ConvKernels.BackwardThroughPool(conv1, pool1, parameters.Conv1, x, c1, p1, dp1, batch, dc1, columns, scratch, bias, parallel: false, routing1),
            steps * 2);
        Console.WriteLine($"pool1 + conv1 backward (1 thread): two passes {t1:F1}, one pass {t2:F1}, speed-up {t1 / t2:F2}x");
        var single = new SeedModelStep(batch, slices: 1);
        var (a, b) = Interleaved(single.Run, step.Run, steps * 4);
        Console.WriteLine($"interleaved medians: 1 slice {a:F1}, default slices {b:F1}, speed-up {a / b:F2}x");
        KernelLevers.Run(batch, steps, rounds: 1);
    }

    /// <summary>
    /// The first <paramref name="batch"/> MNIST training images and labels when MNIST_DIR holds them (how sparse the
    /// routed gradients are, and so the sparse kernels' time, depends on real digits), else seeded noise.
    /// </summary>
    private static int[] FillInput(MathNet.Numerics.LinearAlgebra.Matrix<float> input, int batch)
    {
        var directory = Environment.GetEnvironmentVariable("MNIST_DIR");
        if (directory is null || Mnist.FindFile(directory, Mnist.TrainImages) is not { } images || Mnist.FindFile(directory, Mnist.TrainLabels) is not { } labels)
        {
            Console.WriteLine("input: seeded noise (set MNIST_DIR for real digits)");
            SeedModelStep.Fill(input, seed: 1);
            return Enumerable.Range(0, batch).Select(i => i % 10).ToArray();
        }

        // Only the batch converted to floats, not the 60,000 images.
        var digits = Mnist.ToDataset(IdxReader.ReadFile(images, IdxKind.Images), IdxReader.ReadFile(labels, IdxKind.Labels), images, labels, ..batch);
        digits.Pixels.CopyTo(Storage.Of(input));
        Console.WriteLine($"input: the first {batch} MNIST training images ({directory})");
        return digits.Labels;
    }

    /// <summary>
    /// Median µs of two bodies run alternately, so load changes on a shared machine hit both alike; in the thread's CPU
    /// time with <paramref name="cpu"/> (one-thread kernels), else wall-clock.
    /// </summary>
    public static (double A, double B) Interleaved(Action a, Action b, int steps, bool cpu = false)
    {
        a();
        b();
        var (ta, tb) = (new double[steps], new double[steps]);
        for (var i = 0; i < steps; i++)
        {
            ta[i] = Time(a, cpu);
            tb[i] = Time(b, cpu);
        }

        Array.Sort(ta);
        Array.Sort(tb);
        return (ta[steps / 2], tb[steps / 2]);
    }

    public static double Time(Action body, bool cpu)
    {
        var (start, cpuStart) = (Stopwatch.GetTimestamp(), cpu ? ThreadCpuTime.Microseconds() : 0);
        body();
        return cpu ? ThreadCpuTime.Microseconds() - cpuStart : Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    private static double Median(Action body, int steps, bool cpu = false)
    {
        // Long enough for tiered compilation to reach the optimised code of every kernel.
        for (var i = 0; i < 100; i++)
        {
            body();
        }

        var times = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            var (start, cpuStart) = (Stopwatch.GetTimestamp(), cpu ? ThreadCpuTime.Microseconds() : 0);
            body();
            times[i] = cpu ? ThreadCpuTime.Microseconds() - cpuStart : Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(times);
        return times[steps / 2];
    }
}

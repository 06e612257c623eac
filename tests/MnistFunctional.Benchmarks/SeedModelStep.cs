using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Backend;
using MnistFunctional.Models;
using MnistFunctional.Training;

namespace MnistFunctional.Benchmarks;

/// <summary>
/// One training step of the seed model (forward, backward, Adam) over a workspace and two alternating
/// parameter buffer sets — the steady state of the training loop (Adam split across the cores, as there).
/// </summary>
public sealed class SeedModelStep
{
    private readonly MnistCnn.Workspace workspace;
    private readonly int[] labels;
    private readonly float[][][] parameterSets;
    private readonly float[][][] firstMoments;
    private readonly float[][][] secondMoments;
    private readonly MnistCnn.Parameters[] parameters;
    private readonly MnistCnn.InputBatch input;
    private long step;

    public SeedModelStep(int batch, int? slices = null)
    {
        workspace = slices is { } count ? new MnistCnn.Workspace(batch, count) : new MnistCnn.Workspace(batch);
        Fill(workspace.Input, seed: 1);
        input = new MnistCnn.InputBatch(workspace.Input);
        labels = [.. Enumerable.Range(0, batch).Select(i => i % 10)];
        var initial = MnistCnn.Initialize(42);
        float[][] Copy() => [.. initial.Tensors.Select(t => (float[])t.Data.Clone())];
        float[][] Zeros() => [.. initial.Tensors.Select(t => new float[t.Data.Length])];
        parameterSets = [Copy(), Copy()];
        firstMoments = [Zeros(), Zeros()];
        secondMoments = [Zeros(), Zeros()];
        parameters = [MnistCnn.Parameters.FromArrays(parameterSets[0]), MnistCnn.Parameters.FromArrays(parameterSets[1])];
        gradientArrays = new float[parameterSets[0].Length][];
    }

    private readonly SliceRunner adamSlices = new(Environment.ProcessorCount); // Adam on every core, as in the training loop

    private readonly float[][] gradientArrays;

    public static void Fill(Matrix<float> input, int seed)
    {
        var random = new Random(seed);
        var values = Storage.Of(input);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSingle();
        }
    }

    public void Run()
    {
        var current = (int)(step & 1);
        var next = 1 - current;
        var activations = MnistCnn.Forward(parameters[current], input, workspace);
        var gradients = MnistCnn.Backward(parameters[current], activations, labels, workspace);
        GradientArrays(gradients);
        Adam.StepInto(AdamOptions.Keras, step, parameterSets[current], gradientArrays, firstMoments[current], secondMoments[current], parameterSets[next], firstMoments[next], secondMoments[next], adamSlices);
        step++;
    }

    /// <summary>The same step through the allocating, purely functional API.</summary>
    public void RunAllocating()
    {
        var p = parameters[0];
        var activations = MnistCnn.Forward(p, input);
        var gradients = MnistCnn.Backward(p, activations, labels);
        Adam.Step(AdamOptions.Keras, p, gradients, AdamState.Initial(p.Tensors.Select(t => t.Data.Length)));
    }

    /// <summary>Inference only: probabilities of the workspace's batch.</summary>
    public void Infer() => MnistCnn.Predict(parameters[0], input, workspace);

    // The gradients record's arrays, without the allocation of its Tensors view.
    private void GradientArrays(MnistCnn.Gradients g)
    {
        gradientArrays[0] = Storage.Of(g.Conv1.Kernel);
        gradientArrays[1] = Storage.Of(g.Conv1.Bias);
        gradientArrays[2] = Storage.Of(g.Conv2.Kernel);
        gradientArrays[3] = Storage.Of(g.Conv2.Bias);
        gradientArrays[4] = Storage.Of(g.Conv3.Kernel);
        gradientArrays[5] = Storage.Of(g.Conv3.Bias);
        gradientArrays[6] = Storage.Of(g.Dense1.Weights);
        gradientArrays[7] = Storage.Of(g.Dense1.Bias);
        gradientArrays[8] = Storage.Of(g.Dense2.Weights);
        gradientArrays[9] = Storage.Of(g.Dense2.Bias);
    }
}

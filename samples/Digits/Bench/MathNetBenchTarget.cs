using MnistFunctional.Backend;
using MnistFunctional.Models;
using MnistFunctional.Training;

namespace Digits.Bench;

/// <summary>
/// The seed model on the MathNet backend, as the training loop runs it: a workspace per batch size and two
/// alternating parameter/moment buffer sets, so the timed steps allocate nothing but the two small objects of Adam's
/// call across the cores.
/// </summary>
internal sealed class MathNetBenchTarget : IBenchTarget
{
    public string Name => "mathnet";

    public Action TrainStep(int batchSize)
    {
        var workspace = new MnistCnn.Workspace(batchSize);
        var input = new MnistCnn.InputBatch(BenchImages.Fill(workspace.Input, seed: batchSize));
        var labels = BenchImages.Labels(batchSize);
        var initial = MnistCnn.Initialize(42);
        float[][] Copy() => [.. initial.Tensors.Select(t => (float[])t.Data.Clone())];
        float[][] Zeros() => [.. initial.Tensors.Select(t => new float[t.Data.Length])];
        float[][][] parameterSets = [Copy(), Copy()];
        float[][][] first = [Zeros(), Zeros()];
        float[][][] second = [Zeros(), Zeros()];
        MnistCnn.Parameters[] parameters = [MnistCnn.Parameters.FromArrays(parameterSets[0]), MnistCnn.Parameters.FromArrays(parameterSets[1])];
        var gradientArrays = MnistCnn.Backward(parameters[0], MnistCnn.Forward(parameters[0], input, workspace), labels, workspace).Tensors.Select(t => t.Data).ToArray();
        var adamSlices = new SliceRunner(Environment.ProcessorCount); // Adam on every core, as in the training loop
        long step = 0;
        return () =>
        {
            var (current, next) = ((int)(step & 1), (int)(~step & 1));
            var activations = MnistCnn.Forward(parameters[current], input, workspace);
            MnistCnn.Backward(parameters[current], activations, labels, workspace); // into the arrays gradientArrays holds
            Adam.StepInto(AdamOptions.Keras, step, parameterSets[current], gradientArrays, first[current], second[current], parameterSets[next], first[next], second[next], adamSlices);
            step++;
        };
    }

    public Action Infer(int batchSize)
    {
        var workspace = new MnistCnn.Workspace(batchSize);
        var input = new MnistCnn.InputBatch(BenchImages.Fill(workspace.Input, seed: batchSize));
        var parameters = MnistCnn.Initialize(42);
        return () => MnistCnn.Predict(parameters, input, workspace);
    }

    public void Dispose()
    {
    }
}

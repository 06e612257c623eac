using MnistFunctional;
using MnistFunctional.Backend;
using MnistFunctional.Tensors;
using MnistFunctional.Training;

namespace Digits.Bench;

/// <summary>
/// Any declared network on the MathNet backend through its <see cref="INetwork{TParameters, TGradients}"/> value, as the
/// training loop runs it: a workspace per batch size, training mode (BatchNorm's batch statistics, Dropout masks, the
/// state moved each step), a pure Adam step; inference by Predict with the state. (The seed model keeps its own
/// allocation-free target, <see cref="MathNetBenchTarget"/>, so its figures stay comparable with earlier runs.)
/// </summary>
internal sealed class NetworkBenchTarget<TParameters, TGradients>(INetwork<TParameters, TGradients> network) : IBenchTarget
    where TParameters : ITensorSet<TParameters>
    where TGradients : ITensorSet<TGradients>
{
    public string Name => "mathnet";

    public Action TrainStep(int batchSize)
    {
        var workspace = network.CreateWorkspace(batchSize);
        var input = BenchImages.Fill(workspace.Input, seed: batchSize);
        var labels = BenchImages.Labels(batchSize);
        var parameters = network.Initialize(42);
        var state = network.InitialState();
        var adam = AdamState.Initial(parameters.Tensors.Select(t => t.Data.Length));
        var step = 0;
        return () =>
        {
            var result = network.LossAndGradients(parameters, state, input, labels, workspace, new DropoutKey(42, 0, step++, 0));
            (parameters, adam) = Adam.Step(AdamOptions.Keras, parameters, result.Gradients, adam);
            state = result.State;
        };
    }

    public Action Infer(int batchSize)
    {
        var workspace = network.CreateWorkspace(batchSize);
        var input = BenchImages.Fill(workspace.Input, seed: batchSize);
        var parameters = network.Initialize(42);
        var state = network.InitialState();
        return () => network.Predict(parameters, state, input, workspace);
    }

    public void Dispose()
    {
    }

    /// <summary>The network's initial weights and state loaded into a TorchSharp network (for <see cref="TorchBenchTarget"/>).</summary>
    public static Action<MnistFunctional.Torch.TorchNetwork> TorchWeights(INetwork<TParameters, TGradients> network) => torch =>
    {
        torch.Load(network.Initialize(42));
        torch.LoadState(network.InitialState());
    };

    /// <summary>The network's initial weights and state as an ONNX model (for <see cref="OnnxBenchTarget"/>).</summary>
    public static byte[] Onnx(INetwork<TParameters, TGradients> network) =>
        MnistFunctional.Onnx.OnnxExport.Encode(network.Name, network.Architecture, network.Initialize(42), state: network.InitialState());
}

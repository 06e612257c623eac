using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Dsl;
using MnistFunctional.Models;
using MnistFunctional.Torch;
using MnistFunctional.Torch.Native;
using MnistFunctional.Training;

namespace Digits.Bench;

/// <summary>
/// A network (the seed model by default) on TorchSharp, as <c>digits train --backend torch</c> runs it: the same
/// architecture value, the same initial weights, torch's autograd and Adam (Keras defaults), torch threads = processor count.
/// </summary>
internal sealed class TorchBenchTarget : IBenchTarget
{
    private readonly List<IDisposable> owned = [];
    private readonly Architecture architecture;
    private readonly Action<TorchNetwork> load;

    public TorchBenchTarget()
        : this(MnistCnn.Architecture, network => network.Load(MnistCnn.Initialize(42)))
    {
    }

    /// <param name="load">Puts the initial weights (and state) into a network built from <paramref name="architecture"/>.</param>
    public TorchBenchTarget(Architecture architecture, Action<TorchNetwork> load)
    {
        TorchSharpLoader.EnsureLoaded();
        (this.architecture, this.load) = (architecture, load);
    }

    public string Name => "torch";

    public Action TrainStep(int batchSize)
    {
        var network = Own(TorchNetwork.Build(architecture));
        load(network);
        var trainer = Own(new TorchTrainer(network, AdamOptions.Keras));
        var input = BenchImages.Fill(Matrix<float>.Build.Dense(BenchImages.Pixels, batchSize), seed: batchSize);
        var labels = BenchImages.Labels(batchSize);
        return () => trainer.Step(input, labels);
    }

    public Action Infer(int batchSize)
    {
        var network = Own(TorchNetwork.Build(architecture));
        load(network);
        var input = BenchImages.Fill(Matrix<float>.Build.Dense(BenchImages.Pixels, batchSize), seed: batchSize);
        return () => network.Predict(input);
    }

    public void Dispose()
    {
        foreach (var disposable in Enumerable.Reverse(owned))
        {
            disposable.Dispose();
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        owned.Add(disposable);
        return disposable;
    }
}

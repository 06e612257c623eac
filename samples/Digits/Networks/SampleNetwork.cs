using MnistFunctional;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace Digits.Networks;

/// <summary>
/// A network the sample declares, chosen by name on the command line; <see cref="Run{TResult}"/> hands its typed
/// <see cref="INetwork{TParameters, TGradients}"/> to code written once for every network.
/// </summary>
internal abstract class SampleNetwork
{
    public abstract string Name { get; }

    public abstract Architecture Architecture { get; }

    public abstract TResult Run<TResult>(INetworkJob<TResult> job);

    public static SampleNetwork Of<TParameters, TGradients>(INetwork<TParameters, TGradients> network)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients> =>
        new Typed<TParameters, TGradients>(network);

    private sealed class Typed<TParameters, TGradients>(INetwork<TParameters, TGradients> network) : SampleNetwork
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        public override string Name => network.Name;

        public override Architecture Architecture => network.Architecture;

        public override TResult Run<TResult>(INetworkJob<TResult> job) => job.Run(network);
    }
}

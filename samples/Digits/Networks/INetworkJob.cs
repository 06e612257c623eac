using MnistFunctional;
using MnistFunctional.Tensors;

namespace Digits.Networks;

/// <summary>Work written once for any network's typed parameters and gradients.</summary>
internal interface INetworkJob<out TResult>
{
    TResult Run<TParameters, TGradients>(INetwork<TParameters, TGradients> network)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>;
}

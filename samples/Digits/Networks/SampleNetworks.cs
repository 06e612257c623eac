using System.Collections.Immutable;
using System.CommandLine;
using MnistFunctional.Models;

namespace Digits.Networks;

/// <summary>Every network the sample declares, known by its class name (case-insensitive); the seed model is the default.</summary>
internal static class SampleNetworks
{
    public static readonly ImmutableArray<SampleNetwork> All =
    [
        SampleNetwork.Of(MnistCnn.Network),
        SampleNetwork.Of(KerasConvnet.Network),
    ];

    public static SampleNetwork Default => All[0];

    /// <summary>The <c>--network</c> option: a class name, the seed model by default.</summary>
    public static Option<string> Option() => new("--network")
    {
        Description = $"The network, by class name (case-insensitive): {string.Join(", ", All.Select(n => n.Name))}. Default: {Default.Name}.",
        DefaultValueFactory = _ => Default.Name,
    };

    /// <exception cref="ArgumentException">No network has that name (the message lists them).</exception>
    public static SampleNetwork Named(string name) =>
        All.FirstOrDefault(network => string.Equals(network.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"--network: no network is called '{name}'; the sample declares {string.Join(", ", All.Select(n => n.Name))}.");
}

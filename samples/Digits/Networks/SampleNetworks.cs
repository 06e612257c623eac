using System.Collections.Immutable;
using System.CommandLine;
using MnistFunctional.Models;
using MnistFunctional.Serialization;

namespace Digits.Networks;

/// <summary>Every network the sample declares, known by its class name (case-insensitive); the seed model is the default.</summary>
internal static class SampleNetworks
{
    public static readonly ImmutableArray<SampleNetwork> All =
    [
        SampleNetwork.Of(MnistCnn.Network),
        SampleNetwork.Of(KerasConvnet.Network),
        SampleNetwork.Of(ResidualConvnet.Network),
        SampleNetwork.Of(FashionNet.Network),
    ];

    public static SampleNetwork Default => All[0];

    /// <summary>The <c>--network</c> option: a class name, the seed model by default.</summary>
    public static Option<string> Option() => new("--network")
    {
        Description = $"The network, by class name (case-insensitive): {string.Join(", ", All.Select(n => n.Name))}. Default: {Default.Name}.",
        DefaultValueFactory = _ => Default.Name,
    };

    /// <summary>The network a model file was trained as: by the architecture its metadata records (the name only breaks ties).</summary>
    /// <exception cref="InvalidDataException">No declared network has that architecture (the message names the file).</exception>
    public static SampleNetwork ForModel(ModelFileInfo info) =>
        All.Where(network => network.Architecture.CanonicalText == info.ArchitectureText)
            .OrderBy(network => network.Name == info.NetworkName ? 0 : 1)
            .FirstOrDefault()
        ?? throw new InvalidDataException($"{info.FilePath}: its network {info.NetworkName} ({info.ArchitectureText}) is none of the sample's ({string.Join(", ", All.Select(n => n.Name))}).");

    /// <exception cref="ArgumentException">No network has that name (the message lists them).</exception>
    public static SampleNetwork Named(string name) =>
        All.FirstOrDefault(network => string.Equals(network.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"--network: no network is called '{name}'; the sample declares {string.Join(", ", All.Select(n => n.Name))}.");
}

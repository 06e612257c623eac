using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using MnistFunctional.Generators.Diagnostics;
using MnistFunctional.Generators.Emitting;
using MnistFunctional.Generators.Parsing;

namespace MnistFunctional.Generators
{
    /// <summary>
    /// Turns every <c>[Network]</c> partial class into typed forward/backward code. The pipeline carries only
    /// value-equatable models, so unrelated edits leave its outputs cached.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class NetworkGenerator : IIncrementalGenerator
    {
        public const string NetworkAttribute = "MnistFunctional.NetworkAttribute";

        public static class TrackingNames
        {
            public const string Networks = nameof(Networks);
        }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var networks = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    NetworkAttribute,
                    predicate: static (node, _) => node is ClassDeclarationSyntax,
                    transform: static (ctx, token) => NetworkParser.Parse(ctx, token))
                .WithTrackingName(TrackingNames.Networks);

            context.RegisterSourceOutput(networks, static (spc, network) =>
            {
                if (network.Diagnostics.Count > 0)
                {
                    foreach (var diagnostic in network.Diagnostics)
                    {
                        spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ForId(diagnostic.Id), diagnostic.Location.ToLocation(), diagnostic.Message));
                    }

                    return;
                }

                // No layers and no diagnostics: the declaration does not compile, and the compiler says why.
                if (network.Layers.Count == 0)
                {
                    return;
                }

                spc.AddSource(network.HintName, SourceText.From(NetworkEmitter.Emit(network), System.Text.Encoding.UTF8));
            });
        }
    }
}

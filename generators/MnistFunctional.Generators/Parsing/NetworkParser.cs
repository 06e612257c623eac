using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MnistFunctional.Dsl;
using MnistFunctional.Generators.Model;

namespace MnistFunctional.Generators.Parsing
{
    /// <summary>
    /// Reads a [Network] type's architecture declaration — a <c>&gt;&gt;</c> chain of calls to the DSL's
    /// <c>Layers</c> methods with constant arguments — into a <see cref="NetworkModel"/>, applying the
    /// shared shape rules. Diagnostics become part of the model.
    /// </summary>
    internal static class NetworkParser
    {
        private const string LayersType = "MnistFunctional.Dsl.Layers";
        private const string ArchitectureType = "MnistFunctional.Dsl.Architecture";

        public static NetworkModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var declaration = (TypeDeclarationSyntax)context.TargetNode;
            var ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();

            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword) || type.ContainingType is not null)
            {
                var why = type.ContainingType is not null
                    ? $"[Network] type '{type.Name}' must be a top-level partial class, not nested in '{type.ContainingType.Name}'"
                    : $"[Network] type '{type.Name}' must be declared partial so the generated code can extend it";
                return Failed(ns, type.Name, new DiagnosticInfo(ShapeRules.NotPartial, why, LocationInfo.From(declaration.Identifier)));
            }

            var members = FindArchitectureMembers(declaration, context.SemanticModel, cancellationToken);
            if (members.Count != 1)
            {
                var why = members.Count == 0
                    ? $"[Network] type '{type.Name}' needs a static Architecture property or field initialised with the DSL, e.g. 'public static Architecture Architecture {{ get; }} = Input(28, 28, 1) >> ...;'"
                    : $"[Network] type '{type.Name}' declares {members.Count} static Architecture members; keep exactly one";
                return Failed(ns, type.Name, new DiagnosticInfo(ShapeRules.NoArchitecture, why, LocationInfo.From(declaration.Identifier)));
            }

            var (memberName, expression) = members[0];

            // The compiler already reports broken code; a layer diagnostic on top of it ("'Conv(32)' is not a
            // layer") would only mislead, and broken code cannot be read as constants anyway.
            if (context.SemanticModel.GetDiagnostics(expression.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return new NetworkModel(ns, type.Name, memberName, default, default);
            }

            var layers = new List<Layer>();
            var located = new List<ExpressionSyntax>();
            var failure = ReadChain(expression, context.SemanticModel, layers, located, cancellationToken);
            if (failure is not null)
            {
                return Failed(ns, type.Name, failure);
            }

            var interpretation = ChainInterpreter.Interpret(layers);
            if (interpretation.Error is { } error)
            {
                return Failed(ns, type.Name, new DiagnosticInfo(error.Id, error.Message, LocationInfo.From(located[error.LayerIndex])));
            }

            return new NetworkModel(ns, type.Name, memberName, new EquatableArray<LayerModel>(interpretation.Layers.Select(LayerModel.From)), default);
        }

        /// <summary>
        /// Reads a <c>&gt;&gt;</c> chain's layers into <paramref name="layers"/>, and into <paramref name="located"/> the
        /// expression of every layer the chain interpreter describes, in its flat order (a residual's block and projection
        /// layers, then the residual call itself), so an error's layer index finds its place in the source. Null, or why not.
        /// </summary>
        private static DiagnosticInfo? ReadChain(ExpressionSyntax chain, SemanticModel model, List<Layer> layers, List<ExpressionSyntax> located, CancellationToken cancellationToken)
        {
            var leaves = new List<ExpressionSyntax>();
            Flatten(chain, leaves);
            foreach (var leaf in leaves)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var call = model.GetOperation(leaf, cancellationToken) as IInvocationOperation;
                if (call is null || call.TargetMethod.ContainingType.ToDisplayString() != LayersType || !LayerFactory.Knows(call.TargetMethod.Name))
                {
                    return new DiagnosticInfo(
                        ShapeRules.UnsupportedExpression,
                        $"'{leaf}' is not a layer: an architecture is a '>>' chain of calls to the Layers methods ({LayerFactory.Names})",
                        LocationInfo.From(leaf));
                }

                var values = new Dictionary<string, object?>();
                var chains = new Dictionary<string, Architecture?>();
                foreach (var argument in call.Arguments)
                {
                    if (LayerFactory.IsChainParameter(call.TargetMethod.Name, argument.Parameter!.Name))
                    {
                        var read = ReadChainArgument(argument, model, located, cancellationToken);
                        if (read.Failure is not null)
                        {
                            return read.Failure;
                        }

                        chains[argument.Parameter.Name] = read.Chain;
                        continue;
                    }

                    var constant = ConstantOf(argument);
                    if (!constant.HasValue)
                    {
                        return new DiagnosticInfo(
                            ShapeRules.NonConstantArgument,
                            $"Argument '{argument.Parameter?.Name}' of {call.TargetMethod.Name}(...) must be a compile-time constant, but '{Where(argument)}' is not",
                            LocationInfo.From(Where(argument)));
                    }

                    values[argument.Parameter!.Name] = constant.Value;
                }

                // A cast such as (Activation)42 is a constant too, but names nothing the emitter can write.
                var undefined = LayerFactory.UndefinedEnumArgument(values);
                if (undefined is not null)
                {
                    var where = Where(call.Arguments.First(a => a.Parameter?.Name == undefined));
                    return new DiagnosticInfo(
                        ShapeRules.UnsupportedExpression,
                        $"Argument '{undefined}' of {call.TargetMethod.Name}(...) is '{where}', which is not a supported {undefined}",
                        LocationInfo.From(where));
                }

                layers.Add(LayerFactory.Create(call.TargetMethod.Name, values, chains));
                located.Add(leaf);
            }

            return null;
        }

        /// <summary>
        /// A residual's block or projection: a chain read like the architecture's own (its layers' expressions go to
        /// <paramref name="located"/> first), or nothing for an omitted or null projection.
        /// </summary>
        private static (Architecture? Chain, DiagnosticInfo? Failure) ReadChainArgument(
            IArgumentOperation argument, SemanticModel model, List<ExpressionSyntax> located, CancellationToken cancellationToken)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Value.ConstantValue is { HasValue: true, Value: null })
            {
                return (null, null);
            }

            var layers = new List<Layer>();
            var failure = ReadChain(Where(argument), model, layers, located, cancellationToken);
            return (new Architecture(layers.ToImmutableArray()), failure);
        }

        /// <summary>
        /// An argument's constant value: a literal or const (through an implicit conversion such as int → int?), or a
        /// parameter's declared default (a null default means "as Keras's default", e.g. a pool's stride); else none.
        /// </summary>
        private static Optional<object?> ConstantOf(IArgumentOperation argument)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue && argument.Parameter is { HasExplicitDefaultValue: true } parameter)
            {
                return parameter.ExplicitDefaultValue;
            }

            var value = argument.Value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : argument.Value;
            var nullable = argument.Parameter?.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
            return value.ConstantValue.HasValue && (value.ConstantValue.Value is not null || nullable) ? value.ConstantValue : default;
        }

        private static ExpressionSyntax Where(IArgumentOperation argument) =>
            argument.Syntax is ArgumentSyntax syntax ? syntax.Expression : (ExpressionSyntax)argument.Syntax;

        private static NetworkModel Failed(string? ns, string typeName, DiagnosticInfo diagnostic) =>
            new(ns, typeName, string.Empty, default, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));

        /// <summary>a &gt;&gt; b &gt;&gt; c is left-associative: collect the leaves in order.</summary>
        private static void Flatten(ExpressionSyntax expression, List<ExpressionSyntax> leaves)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    Flatten(parenthesized.Expression, leaves);
                    break;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.RightShiftExpression):
                    Flatten(binary.Left, leaves);
                    Flatten(binary.Right, leaves);
                    break;
                default:
                    leaves.Add(expression);
                    break;
            }
        }

        private static List<(string Name, ExpressionSyntax Expression)> FindArchitectureMembers(
            TypeDeclarationSyntax declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            var found = new List<(string, ExpressionSyntax)>();
            foreach (var member in declaration.Members)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (member)
                {
                    case PropertyDeclarationSyntax property when property.Modifiers.Any(SyntaxKind.StaticKeyword) && IsArchitecture(model, property.Type):
                        var initializer = property.Initializer?.Value ?? property.ExpressionBody?.Expression;
                        if (initializer is not null)
                        {
                            found.Add((property.Identifier.ValueText, initializer));
                        }

                        break;
                    case FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.StaticKeyword) && IsArchitecture(model, field.Declaration.Type):
                        found.AddRange(field.Declaration.Variables
                            .Where(variable => variable.Initializer is not null)
                            .Select(variable => (variable.Identifier.ValueText, variable.Initializer!.Value)));
                        break;
                }
            }

            return found;
        }

        private static bool IsArchitecture(SemanticModel model, TypeSyntax type) =>
            model.GetTypeInfo(type).Type?.ToDisplayString() == ArchitectureType;
    }
}

using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace MnistFunctional.Generators.Tests;

/// <summary>
/// Walks a pipeline value's object graph by reflection (instance fields, collection elements) and collects every
/// object reached. A value that holds a symbol, a compilation or a syntax node pins it in the generator cache and
/// defeats incrementality, so the tests ban those types anywhere in the graph.
/// </summary>
internal static class PipelineValueWalker
{
    private static readonly Type[] Banned =
    [
        typeof(ISymbol), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxNode), typeof(SyntaxTree),
        typeof(SyntaxToken), typeof(Location),
    ];

    /// <summary>Every object reached from <paramref name="roots"/>, each once.</summary>
    public static IReadOnlyList<object> Reachable(IEnumerable<object> roots)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var found = new List<object>();
        var pending = new Stack<object?>(roots);
        while (pending.TryPop(out var node))
        {
            // Boxed structs are new objects each time, and cannot form cycles on their own.
            if (node is null || (!node.GetType().IsValueType && !seen.Add(node)))
            {
                continue;
            }

            found.Add(node);
            var type = node.GetType();
            if (type.IsPrimitive || type.IsEnum || node is string || IsBanned(type))
            {
                continue;
            }

            if (node is IEnumerable items)
            {
                foreach (var item in items)
                {
                    pending.Push(item);
                }
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    pending.Push(field.GetValue(node));
                }
            }
        }

        return found;
    }

    public static bool IsBanned(Type type) => Banned.Any(banned => banned.IsAssignableFrom(type));
}

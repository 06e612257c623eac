using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace MnistFunctional.Generators.Model
{
    /// <summary>A source location as plain values (a <see cref="Location"/> would pin a syntax tree in the cache).</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        public static LocationInfo From(SyntaxNode node) => From(node.GetLocation());

        public static LocationInfo From(SyntaxToken token) => From(token.GetLocation());

        private static LocationInfo From(Location location) =>
            new(location.SourceTree?.FilePath ?? string.Empty, location.SourceSpan, location.GetLineSpan().Span);
    }
}

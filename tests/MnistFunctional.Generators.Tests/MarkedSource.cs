using Microsoft.CodeAnalysis.Text;

namespace MnistFunctional.Generators.Tests;

/// <summary>
/// Source text with one span marked as <c>[|…|]</c>, the convention of Roslyn's own tests: the diagnostic
/// tests mark where the diagnostic must point instead of counting lines and columns by hand.
/// </summary>
internal sealed record MarkedSource(string Text, TextSpan Span)
{
    private const string Open = "[|";
    private const string Close = "|]";

    /// <summary>Zero-based line/column start and end of the marked span.</summary>
    public LinePositionSpan LineSpan => SourceText.From(Text).Lines.GetLinePositionSpan(Span);

    public static MarkedSource Parse(string markup)
    {
        var start = markup.IndexOf(Open, StringComparison.Ordinal);
        var end = markup.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
        if (start < 0 || end < 0 || markup.IndexOf(Open, end, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException("Mark exactly one span with [| and |].", nameof(markup));
        }

        var text = string.Concat(markup.AsSpan(0, start), markup.AsSpan(start + Open.Length, end - start - Open.Length), markup.AsSpan(end + Close.Length));
        return new MarkedSource(text, TextSpan.FromBounds(start, end - Open.Length));
    }
}

using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace MnistFunctional.Tests.Snapshots;

/// <summary>
/// A line-by-line diff of a snapshot against the text received, as a person reads it: hunks headed by their line
/// numbers, removed lines marked "-", added lines "+", a few unchanged lines of context around each change.
/// </summary>
public static class SnapshotDiff
{
    /// <summary>The diff of <paramref name="expected"/> against <paramref name="received"/>, at most <paramref name="maxLines"/> lines of it.</summary>
    public static string Render(string expected, string received, int context = 3, int maxLines = 80)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(received);
        var lines = InlineDiffBuilder.Diff(Normalize(expected), Normalize(received), ignoreWhiteSpace: false).Lines;
        var changed = lines.Select(l => l.Type != ChangeType.Unchanged).ToArray();
        if (!changed.Contains(true))
        {
            return "(no line differs: the texts differ only in line endings or a byte-order mark)";
        }

        // Which lines to show: every change and its context.
        var shown = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (changed[i])
            {
                for (var j = Math.Max(0, i - context); j <= Math.Min(lines.Count - 1, i + context); j++)
                {
                    shown[j] = true;
                }
            }
        }

        var text = new StringBuilder();
        var written = 0;
        var (expectedLine, receivedLine) = (1, 1);
        for (var i = 0; i < lines.Count; i++)
        {
            if (shown[i] && (i == 0 || !shown[i - 1]))
            {
                text.Append("@@ snapshot line ").Append(expectedLine).Append(", received line ").Append(receivedLine).Append(" @@\n");
            }

            if (shown[i])
            {
                if (written == maxLines)
                {
                    var left = changed.Skip(i).Count(c => c);
                    text.Append("… ").Append(left).Append(" more changed line(s) not shown\n");
                    break;
                }

                text.Append(Marker(lines[i].Type)).Append(lines[i].Text).Append('\n');
                written++;
            }

            expectedLine += lines[i].Type == ChangeType.Inserted ? 0 : 1;
            receivedLine += lines[i].Type == ChangeType.Deleted ? 0 : 1;
        }

        var removed = lines.Count(l => l.Type == ChangeType.Deleted);
        var added = lines.Count(l => l.Type == ChangeType.Inserted);
        return text.Append($"({removed} line(s) removed, {added} added)").ToString();
    }

    private static string Marker(ChangeType type) => type switch
    {
        ChangeType.Deleted => "- ",
        ChangeType.Inserted => "+ ",
        _ => "  ",
    };

    private static string Normalize(string text) => text.TrimStart('\uFEFF').ReplaceLineEndings("\n");
}

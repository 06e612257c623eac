namespace MnistFunctional.Tests.Snapshots;

public class SnapshotDiffTests
{
    [Fact]
    public void Changes_come_in_hunks_with_their_line_numbers_and_three_lines_of_context()
    {
        var expected = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i}"));
        var received = expected.Replace("line 3\n", "line three\n", StringComparison.Ordinal).Replace("line 15\n", "", StringComparison.Ordinal);

        var diff = SnapshotDiff.Render(expected, received);

        Assert.Equal(
            """
            @@ snapshot line 1, received line 1 @@
              line 1
              line 2
            - line 3
            + line three
              line 4
              line 5
              line 6
            @@ snapshot line 12, received line 12 @@
              line 12
              line 13
              line 14
            - line 15
              line 16
              line 17
              line 18
            (2 line(s) removed, 1 added)
            """.ReplaceLineEndings("\n"),
            diff);
    }

    [Fact]
    public void Line_endings_and_a_byte_order_mark_do_not_count_as_changes()
    {
        Assert.StartsWith("(no line differs", SnapshotDiff.Render("\uFEFFa\r\nb\r\n", "a\nb\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_diff_is_cut_and_says_how_much_is_left()
    {
        var expected = string.Join('\n', Enumerable.Range(0, 200).Select(i => $"old {i}"));
        var received = string.Join('\n', Enumerable.Range(0, 200).Select(i => $"new {i}"));

        var diff = SnapshotDiff.Render(expected, received, maxLines: 10);

        Assert.Equal(13, diff.Split('\n').Length);
        Assert.Contains("… 390 more changed line(s) not shown", diff, StringComparison.Ordinal);
    }
}

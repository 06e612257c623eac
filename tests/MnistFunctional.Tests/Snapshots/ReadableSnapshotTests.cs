using System.Diagnostics;
using Snapshooter;

namespace MnistFunctional.Tests.Snapshots;

public sealed class ReadableSnapshotTests : IDisposable
{
    private const string Name = "Sample.snap";
    private readonly TempFolder folder = new();

    public ReadableSnapshotTests() => Directory.CreateDirectory(Snapshots);

    private string Snapshots => Path.Combine(folder.Path, "__snapshots__");

    private string SnapshotPath => Path.Combine(Snapshots, "Sample.snap");

    private string ReceivedPath => Path.Combine(Snapshots, "Sample.received.snap");

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_mismatch_shows_a_line_diff_writes_the_received_text_beside_the_snapshot_and_says_how_to_accept_it()
    {
        File.WriteAllText(SnapshotPath, "alpha\nbeta\ngamma\ndelta\n");

        var error = Assert.Throws<SnapshotMismatchException>(() => ReadableSnapshot.Match("alpha\nBETA\ngamma\ndelta\n", Full()));

        Assert.Contains("--- snapshot\n+++ received\n@@ snapshot line 1, received line 1 @@\n  alpha\n- beta\n+ BETA\n  gamma\n", error.Message, StringComparison.Ordinal);
        Assert.Equal("alpha\nBETA\ngamma\ndelta\n", File.ReadAllText(ReceivedPath));
        Assert.Contains($"mv {ReceivedPath} {SnapshotPath}", error.Message, StringComparison.Ordinal);
        Assert.Equal("alpha\nbeta\ngamma\ndelta\n", File.ReadAllText(SnapshotPath));
    }

    [Fact]
    public void The_command_in_the_message_accepts_the_received_text_and_the_next_match_passes()
    {
        File.WriteAllText(SnapshotPath, "old\n");
        var error = Assert.Throws<SnapshotMismatchException>(() => ReadableSnapshot.Match("new\n", Full()));
        var command = error.Message.Split('\n').Last(l => l.TrimStart().StartsWith("mv ", StringComparison.Ordinal)).Trim();

        using (var shell = Process.Start(new ProcessStartInfo("sh", ["-c", command]) { RedirectStandardError = true })!)
        {
            shell.WaitForExit();
            Assert.True(shell.ExitCode == 0, shell.StandardError.ReadToEnd());
        }

        ReadableSnapshot.Match("new\n", Full());
        Assert.False(File.Exists(ReceivedPath));
    }

    [Fact]
    public void A_matching_snapshot_passes_and_removes_a_stale_received_file()
    {
        File.WriteAllText(SnapshotPath, "same\n");
        File.WriteAllText(ReceivedPath, "stale\n");

        ReadableSnapshot.Match("same\n", Full());

        Assert.Equal(["Sample.snap"], Directory.EnumerateFileSystemEntries(Snapshots).Select(Path.GetFileName));
    }

    [Fact]
    public void A_missing_snapshot_in_strict_mode_comes_with_the_command_that_creates_it()
    {
        if (Environment.GetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE") != "true")
        {
            return; // outside strict mode Snapshooter creates the snapshot, which is the other half of the story
        }

        var error = Assert.Throws<SnapshotMismatchException>(() => ReadableSnapshot.Match("new\n", Full()));

        Assert.Contains("there is no snapshot yet", error.Message, StringComparison.Ordinal);
        Assert.Contains($"mv {ReceivedPath} {SnapshotPath}", error.Message, StringComparison.Ordinal);
        Assert.Equal("new\n", File.ReadAllText(ReceivedPath));
    }

    [Fact]
    public void The_received_file_name_is_the_one_git_ignores()
    {
        Assert.Equal(Path.Combine("a", "__snapshots__", "T.Case.received.snap"), ReadableSnapshot.ReceivedPath(Path.Combine("a", "__snapshots__", "T.Case.snap")));
    }

    private SnapshotFullName Full() => new(Name, folder.Path);
}

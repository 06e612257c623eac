using Snapshooter;
using Snapshooter.Xunit;

namespace MnistFunctional.Tests.Snapshots;

/// <summary>
/// Snapshooter's <c>Snapshot.Match</c>, with a failure a person can act on: a line-by-line diff of the snapshot
/// against the text received, the received text written beside the snapshot as <c>*.received.snap</c>
/// (git-ignored), and the one command that accepts it.
/// </summary>
public static class ReadableSnapshot
{
    /// <summary>Matches <paramref name="value"/> against the snapshot named after the calling test.</summary>
    public static void Match(object value, SnapshotNameExtension? extension = null) =>
        Match(value, extension is null ? Snapshot.FullName() : Snapshot.FullName(extension));

    /// <summary>Matches <paramref name="value"/> against the snapshot <paramref name="name"/>.</summary>
    /// <exception cref="SnapshotMismatchException">The snapshot differs, or is missing in strict mode.</exception>
    public static void Match(object value, SnapshotFullName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var snapshot = Path.Combine(name.FolderPath, FileNames.SnapshotFolderName, FileName(name));
        var received = ReceivedPath(snapshot);
        try
        {
            Snapshot.Match(value, name);
        }
        catch (Exception) when (File.Exists(MismatchPath(name)))
        {
            // Snapshooter writes what it received into __mismatch__ whenever the comparison fails.
            File.Copy(MismatchPath(name), received, overwrite: true);
            throw new SnapshotMismatchException(Describe(snapshot, received));
        }

        File.Delete(received);
    }

    /// <summary>X.snap → X.received.snap, the name .gitignore leaves out.</summary>
    public static string ReceivedPath(string snapshot) =>
        Path.Combine(Path.GetDirectoryName(snapshot)!, $"{Path.GetFileNameWithoutExtension(snapshot)}.received{Path.GetExtension(snapshot)}");

    private static string MismatchPath(SnapshotFullName name) => Path.Combine(name.FolderPath, FileNames.SnapshotFolderName, FileNames.MismatchFolderName, FileName(name));

    // Snapshooter adds the extension to a name given without it.
    private static string FileName(SnapshotFullName name) =>
        name.Filename.EndsWith(FileNames.SnapshotFileExtension, StringComparison.Ordinal) ? name.Filename : name.Filename + FileNames.SnapshotFileExtension;

    private static string Describe(string snapshot, string received)
    {
        var (shownSnapshot, shownReceived) = (Shown(snapshot), Shown(received));
        var diff = File.Exists(snapshot)
            ? SnapshotDiff.Render(File.ReadAllText(snapshot), File.ReadAllText(received))
            : "(there is no snapshot yet, and strict mode (SNAPSHOOTER_STRICT_MODE=true) creates none)";
        return $"""
            Snapshot {shownSnapshot} does not match what the test received.
            --- snapshot
            +++ received
            {diff}
            The received text is in {shownReceived}.
            To accept it, run from the repository root:
                mv {Quote(shownReceived)} {Quote(shownSnapshot)}
            """;
    }

    // Relative to the repository root when the file lies inside it, so the command can be pasted as it is.
    private static string Shown(string path)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(path)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MnistFunctional.sln")))
            {
                return Path.GetRelativePath(dir.FullName, path).Replace('\\', '/');
            }
        }

        return path;
    }

    private static string Quote(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`') ? $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'" : path;
}

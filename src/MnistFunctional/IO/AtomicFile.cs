namespace MnistFunctional.IO;

/// <summary>
/// Writes a file all at once or not at all: the bytes go to a temporary file in the target's folder (so the
/// rename never crosses file systems), are flushed to disk, and the temporary file is then renamed over the
/// target. On any failure the temporary file is deleted and the target is left as it was.
/// Only a regular file is ever replaced: a target that is a device node, FIFO, socket or directory is refused.
/// A target that is a symbolic link is written through: the file it leads to is replaced (atomically, in that
/// file's folder) and the link stays as it is, still pointing at the new content; a dangling link gets its target
/// created. Temporary files a killed writer left behind for the same target (older than a minute) are removed.
/// </summary>
public static class AtomicFile
{
    /// <exception cref="IOException">The file could not be written; the message says why and that nothing was written.</exception>
    public static void Write(string path, ReadOnlySpan<byte> contents, bool createFolder = false) =>
        Write(path, contents, createFolder, temp => new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None));

    /// <summary>As <see cref="Write(string, ReadOnlySpan{byte}, bool)"/>, opening the temporary file with <paramref name="openTemp"/> (a test seam).</summary>
    internal static void Write(string path, ReadOnlySpan<byte> contents, bool createFolder, Func<string, Stream> openTemp)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Target(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new IOException($"the path '{path}' has no folder; nothing was written.");
        if (createFolder)
        {
            Directory.CreateDirectory(folder);
        }
        else if (!Directory.Exists(folder))
        {
            throw new IOException($"the folder '{folder}' does not exist; nothing was written.");
        }

        var existing = RegularFile.Status(fullPath, followLinks: false).Kind;
        if (existing is not (FileKind.Missing or FileKind.Regular))
        {
            throw new IOException($"cannot write '{path}': it is {FileStatus.Describe(existing)}, not a regular file; nothing was written.");
        }

        RemoveStaleTemporaryFiles(folder, Path.GetFileName(fullPath));
        var temp = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Path.GetRandomFileName()}.tmp");
        try
        {
            using (var stream = openTemp(temp))
            {
                stream.Write(contents);
                if (stream is FileStream file)
                {
                    file.Flush(flushToDisk: true);
                }
                else
                {
                    stream.Flush();
                }
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new IOException($"cannot write '{path}' ({exception.Message}); nothing was written.", exception);
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    /// <summary>The file a write to <paramref name="path"/> replaces: the path itself, or the final target of a link.</summary>
    public static string Target(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (RegularFile.Status(fullPath, followLinks: false).Kind != FileKind.SymbolicLink)
        {
            return fullPath;
        }

        try
        {
            var target = File.ResolveLinkTarget(fullPath, returnFinalTarget: true);
            return target is null ? fullPath : Path.GetFullPath(target.FullName);
        }
        catch (IOException error)
        {
            throw new IOException($"cannot write '{path}': the link cannot be followed ({error.Message}); nothing was written.", error);
        }
    }

    /// <summary>Checks, before any work, that <paramref name="path"/> could be written: its folder exists and it is not something other than a regular file.</summary>
    /// <exception cref="IOException">It could not; the message says why.</exception>
    public static void RequireWritable(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Target(path);
        var folder = Path.GetDirectoryName(fullPath);
        if (folder is null || !Directory.Exists(folder))
        {
            throw new IOException($"cannot write '{path}': the folder '{folder}' does not exist.");
        }

        var existing = RegularFile.Status(fullPath, followLinks: false).Kind;
        if (existing is not (FileKind.Missing or FileKind.Regular))
        {
            throw new IOException($"cannot write '{path}': it is {FileStatus.Describe(existing)}, not a regular file.");
        }

        // The one sure test of permission is to create a file there (root ignores mode bits; read-only mounts do not).
        var probe = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Path.GetRandomFileName()}.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write '{path}': {error.Message}", error);
        }
        finally
        {
            DeleteQuietly(probe);
        }
    }

    private static void RemoveStaleTemporaryFiles(string folder, string name)
    {
        try
        {
            var stale = DateTime.UtcNow - TimeSpan.FromMinutes(1);
            foreach (var temp in Directory.EnumerateFiles(folder, $".{name}.*.tmp"))
            {
                if (File.GetLastWriteTimeUtc(temp) < stale)
                {
                    DeleteQuietly(temp);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Only clutter; the write itself decides.
        }
    }

    private static void DeleteQuietly(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The write's own outcome is what matters; a stray temp file is only clutter.
        }
    }
}

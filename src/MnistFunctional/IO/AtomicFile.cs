namespace MnistFunctional.IO;

/// <summary>
/// Writes a file all at once or not at all: the bytes go to a temporary file in the target's folder (so the
/// rename never crosses file systems), are flushed to disk, and the temporary file is then renamed over the
/// target. On any failure the temporary file is deleted and the target is left as it was.
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
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new IOException($"the path '{path}' has no folder; nothing was written.");
        if (createFolder)
        {
            Directory.CreateDirectory(folder);
        }
        else if (!Directory.Exists(folder))
        {
            throw new IOException($"the folder '{folder}' does not exist; nothing was written.");
        }

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

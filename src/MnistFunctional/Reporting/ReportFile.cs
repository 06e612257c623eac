namespace MnistFunctional.Reporting;

/// <summary>
/// Writes a report file (history JSON, plot PNG, …) all at once or not at all: the bytes go to a temporary
/// file in the target's folder, which is then renamed over the target, so a reader never sees half a file and
/// a failure leaves the previous file (if any) as it was.
/// </summary>
public static class ReportFile
{
    public static void Write(string path, ReadOnlySpan<byte> contents)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new IOException($"Cannot write '{path}': the path has no folder.");

        // Same folder as the target, so the final rename never crosses file systems and stays atomic.
        var temp = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Path.GetRandomFileName()}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write '{path}' ({exception.Message}); nothing was written.", exception);
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

namespace MnistFunctional.Serialization;

/// <summary>
/// Writes a file all at once or not at all: the bytes go to a temporary file in the target's folder, are flushed
/// to disk, and the temporary file is then renamed over the target. On any failure the temporary file is deleted
/// and the target is left as it was.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> contents) =>
        Write(path, contents, temp => new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None));

    /// <summary>As <see cref="Write(string, ReadOnlySpan{byte})"/>, opening the temporary file with <paramref name="openTemp"/> (a test seam).</summary>
    public static void Write(string path, ReadOnlySpan<byte> contents, Func<string, Stream> openTemp)
    {
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new ModelFileException(path, "the path has no folder.");
        if (!Directory.Exists(folder))
        {
            throw new ModelFileException(path, $"cannot write the file: the folder '{folder}' does not exist.");
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
            throw new ModelFileException(path, $"cannot write the file ({exception.Message}); nothing was written.", exception);
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
            // Nothing more can be done; the original exception (if any) is the one that matters.
        }
    }
}

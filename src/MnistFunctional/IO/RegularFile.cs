using Microsoft.Win32.SafeHandles;

namespace MnistFunctional.IO;

/// <summary>
/// Reads only regular files, and only as many bytes as allowed. On Linux the file is opened with <c>O_NONBLOCK</c>
/// (a FIFO, even behind a link, can never block the open), its type is checked on the opened handle (so a link
/// to <c>/dev/zero</c> or a FIFO is refused however it was reached), and the bytes are counted as they are read
/// from that handle, never trusted from the size the path reports. Elsewhere the same checks are made on the
/// path before opening.
/// </summary>
public static class RegularFile
{
    /// <summary>What <paramref name="path"/> is, following links (the default) or not.</summary>
    public static FileStatus Status(string path, bool followLinks = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsLinux())
        {
            return UnixFiles.Status(path, followLinks);
        }

        var info = new FileInfo(path);
        if (!followLinks && info.LinkTarget is not null)
        {
            return new FileStatus(FileKind.SymbolicLink, 0, null);
        }

        var target = followLinks && info.LinkTarget is not null ? info.ResolveLinkTarget(returnFinalTarget: true) ?? info : info;
        var full = Path.GetFullPath(target.FullName);
        return target switch
        {
            _ when Directory.Exists(full) => new FileStatus(FileKind.Directory, 0, new FileIdentity(0, 0, full)),
            _ when File.Exists(full) => new FileStatus(FileKind.Regular, new FileInfo(full).Length, new FileIdentity(0, 0, full)),
            _ => FileStatus.Missing,
        };
    }

    /// <summary>The whole content of <paramref name="path"/>, which must be (or lead to) a regular file of at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="NotRegularFileException">The path leads to a FIFO, device, directory, socket, ….</exception>
    /// <exception cref="FileTooLargeException">The file holds more than <paramref name="maxBytes"/> bytes.</exception>
    /// <exception cref="FileNotFoundException">Nothing is there.</exception>
    public static byte[] ReadAll(string path, long maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, Array.MaxLength - 1L);
        var (handle, status) = Open(path);
        using (handle)
        {
            if (status.Kind != FileKind.Regular)
            {
                throw new NotRegularFileException(path, status.Kind);
            }

            // The stated size is only a first guess for the buffer (files in /proc state 0); the reads decide.
            var buffer = new byte[Math.Min(maxBytes + 1, Math.Max(status.Length + 1, 4096))];
            var filled = 0;
            while (true)
            {
                var read = RandomAccess.Read(handle, buffer.AsSpan(filled), filled);
                filled += read;
                if (filled > maxBytes)
                {
                    throw new FileTooLargeException(path, maxBytes);
                }

                if (read == 0)
                {
                    return buffer[..filled];
                }

                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, 2L * buffer.Length));
                }
            }
        }
    }

    /// <summary>A read-only stream on <paramref name="path"/>, which must be (or lead to) a regular file; checked on the opened handle as <see cref="ReadAll"/> does.</summary>
    /// <exception cref="NotRegularFileException">The path leads to a FIFO, device, directory, socket, ….</exception>
    /// <exception cref="FileNotFoundException">Nothing is there.</exception>
    public static FileStream OpenRead(string path, int bufferSize = 4096)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (handle, status) = Open(path);
        if (status.Kind != FileKind.Regular)
        {
            handle.Dispose();
            throw new NotRegularFileException(path, status.Kind);
        }

        return new FileStream(handle, FileAccess.Read, bufferSize);
    }

    private static (SafeFileHandle Handle, FileStatus Status) Open(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            return UnixFiles.OpenForReading(path);
        }

        var status = Status(path);
        if (status.Kind == FileKind.Missing)
        {
            throw new FileNotFoundException($"Could not find file '{path}'.", path);
        }

        return status.Kind == FileKind.Regular
            ? (File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read), status)
            : throw new NotRegularFileException(path, status.Kind);
    }
}

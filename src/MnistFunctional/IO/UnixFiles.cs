using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MnistFunctional.IO;

/// <summary>
/// The few Linux calls .NET does not offer: <c>open</c> with <c>O_NONBLOCK</c> (so opening a FIFO never waits
/// for a writer) and <c>statx</c> (the file type, which .NET's file APIs do not tell apart: FIFO, device, socket).
/// <c>statx</c>'s structure has the same layout on every architecture, unlike <c>stat</c>'s.
/// </summary>
internal static partial class UnixFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int ReadOnly = 0, NoControllingTerminal = 0x100, NonBlocking = 0x800, CloseOnExec = 0x80000;
    private const int StatxSize = 256;

    /// <summary>The status of <paramref name="path"/>, following links or not; <see cref="FileStatus.Missing"/> when there is nothing there.</summary>
    public static FileStatus Status(string path, bool followLinks)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        var result = Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer));
        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 ? FileStatus.Missing : throw Failure(path, errno, "stat");
        }

        return Parse(buffer);
    }

    /// <summary>Opens <paramref name="path"/> for reading without ever blocking, and returns the handle with what it is.</summary>
    public static (SafeFileHandle Handle, FileStatus Status) OpenForReading(string path)
    {
        var fd = Open(path, ReadOnly | NonBlocking | CloseOnExec | NoControllingTerminal);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == 2 ? new FileNotFoundException($"Could not find file '{path}'.", path) : Failure(path, errno, "open");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(fd, string.Empty, AtEmptyPath, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw Failure(path, errno, "stat");
        }

        return (handle, Parse(buffer));
    }

    private static FileStatus Parse(ReadOnlySpan<byte> statx)
    {
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(statx[28..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
        var inode = MemoryMarshal.Read<ulong>(statx[32..]);
        var size = MemoryMarshal.Read<ulong>(statx[40..]);
        var device = ((ulong)MemoryMarshal.Read<uint>(statx[136..]) << 32) | MemoryMarshal.Read<uint>(statx[140..]);
        return new FileStatus(kind, (long)Math.Min(size, long.MaxValue), new FileIdentity(device, inode));
    }

    private static Exception Failure(string path, int errno, string call) =>
        errno == 13
            ? new UnauthorizedAccessException($"Access to the path '{path}' is denied.")
            : new IOException($"{call} '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)}");

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}

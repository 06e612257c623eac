using System.Runtime.InteropServices;

namespace MnistFunctional.IO;

/// <summary>
/// Arrays for data about to be written in full (a decoded file, converted images). The first write to each fresh
/// 4 KB page is a page fault, ~15 µs on some VMs: MNIST's training set in floats is 46,000 pages, most of what its
/// loading costs. On Linux an array of 4 MB or more comes pinned, its pages advised to be 2 MB ones
/// (<c>madvise(MADV_HUGEPAGE)</c>: one fault per 2 MB wherever the kernel's transparent huge pages allow it);
/// elsewhere, or where the advice is refused, it is an ordinary array. Its elements are not cleared: the caller
/// writes every element it will read.
/// </summary>
internal static partial class LargeArrays
{
    private const int HugePageAdvice = 14; // MADV_HUGEPAGE
    private const long MinimumBytes = 4 << 20;

    public static unsafe T[] Uninitialized<T>(int length)
        where T : unmanaged
    {
        if (!OperatingSystem.IsLinux() || (long)length * sizeof(T) < MinimumBytes)
        {
            return GC.AllocateUninitializedArray<T>(length);
        }

        // Pinned, so the advised range stays the array's.
        var array = GC.AllocateUninitializedArray<T>(length, pinned: true);
        fixed (T* first = array)
        {
            var page = (nint)Environment.SystemPageSize;
            var start = ((nint)first + page - 1) & ~(page - 1);
            var end = (nint)(first + length) & ~(page - 1);
            try
            {
                _ = Advise(start, (nuint)(end - start), HugePageAdvice); // advice only: refused, the pages stay 4 KB
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // A C library without madvise: ordinary pages.
            }
        }

        return array;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(nint address, nuint length, int advice);
}

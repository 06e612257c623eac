using System.Runtime.InteropServices;

namespace MnistFunctional.Torch.Native;

/// <summary>
/// libtorch allocates its tensors with glibc's malloc. Tensors of more than glibc's mmap threshold (128 KB, raised
/// only as large blocks are freed) are mapped fresh and unmapped again at every step, so each batch page-faults in
/// tens of megabytes of zeroed memory; whether the threshold has risen depends on the process's history, and torch
/// ran either fast or up to 10× slower from one run to the next (batch 256 inference 2.3k or 25k images/s on this
/// machine kind; with the glibc tunables below it ran fast every time). Fixing the thresholds when the torch
/// backend loads — blocks up to 32 MB (glibc's ceiling) from the heap, freed memory kept up to 512 MB — gives torch
/// its steady speed. Process-wide, so only the torch backend does it; the MathNet backend does not use malloc.
/// </summary>
internal static class TorchMalloc
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD

    /// <summary>True when glibc accepted both settings (false elsewhere).</summary>
    public static bool KeepLargeBlocks()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return SetOption(MmapThreshold, 32 * 1024 * 1024) == 1 && SetOption(TrimThreshold, 512 * 1024 * 1024) == 1;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (musl has no mallopt): leave malloc as it is
        }
    }

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int SetOption(int parameter, int value);
}

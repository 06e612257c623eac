namespace MnistFunctional.Backend;

/// <summary>
/// 64-byte boundaries: a 512-bit load or store that crosses one touches two cache lines and costs two. Managed arrays
/// start on no particular boundary, so a kernel that reads a buffer many times aligns its own scratch or copy.
/// </summary>
internal static unsafe class CacheLines
{
    public const int Bytes = 64;

    /// <summary>Floats a buffer needs beyond its use to start its use on a boundary.</summary>
    public const int Slack = (Bytes / sizeof(float)) - 1;

    /// <summary>The first boundary at or after <paramref name="p"/>.</summary>
    public static float* AlignUp(float* p) => (float*)(((nint)p + Bytes - 1) & ~(nint)(Bytes - 1));

    /// <summary>Floats rounded up to whole cache lines, so what follows them starts on a boundary too.</summary>
    public static int RoundUp(int floats) => (floats + Slack) / (Slack + 1) * (Slack + 1);

    /// <summary>Floats from the start of <paramref name="span"/> to its first boundary (the slack a buffer needs at most).</summary>
    public static int ToBoundary(ReadOnlySpan<float> span)
    {
        fixed (float* first = span)
        {
            return (int)(AlignUp(first) - first);
        }
    }

    public static bool IsAligned(ReadOnlySpan<float> span) => ToBoundary(span) == 0;
}

namespace MnistFunctional.Imaging.Reading;

/// <summary>Limits that keep a hostile or huge file from exhausting memory.</summary>
public sealed record ImageReadOptions
{
    public static ImageReadOptions Default { get; } = new();

    /// <summary>Images with more pixels than this (read from the header, before decoding) are refused.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>
    /// The decoder's largest single allocation, a backstop should a header lie about the size: an image at
    /// <see cref="MaxPixels"/> needs 4 bytes per pixel (160 MB at the default), decoders some more.
    /// </summary>
    public int AllocationLimitMegabytes { get; init; } = 512;

    /// <summary>Files larger than this are refused unread (a 40-megapixel image is well under it in any of the formats).</summary>
    public int MaxFileMegabytes { get; init; } = 256;

    /// <summary>
    /// How long decoding one file may take before it is given up as unreadable (a fuzzed 6.7 KB JPEG once took over
    /// 300 s); a 40-megapixel photo decodes in about a second here.
    /// </summary>
    public TimeSpan DecodeTimeLimit { get; init; } = TimeSpan.FromSeconds(10);
}

using System.Collections.Immutable;

namespace Digits.Serve;

/// <summary>Everything <c>digits serve</c> was asked to do.</summary>
internal sealed record ServeSettings(string Model, ImmutableArray<string> Urls)
{
    /// <summary>The largest image file a request may carry; a larger body is refused with 413.</summary>
    public long MaxUploadBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Images with more pixels are refused (413) from their header, before decoding, as <c>predict</c> does.</summary>
    public double MaxMegapixels { get; init; } = 40;

    public MicroBatchOptions Batching { get; init; } = MicroBatchOptions.Default;
}

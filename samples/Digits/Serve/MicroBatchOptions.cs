namespace Digits.Serve;

/// <summary>How <see cref="MicroBatcher{TItem, TResult}"/> groups requests into one call.</summary>
internal sealed record MicroBatchOptions
{
    public static MicroBatchOptions Default { get; } = new();

    /// <summary>A batch closes when it holds this many items…</summary>
    public int MaxBatch { get; init; } = 64;

    /// <summary>…or when this long has passed since its first item arrived.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Items waiting beyond this are refused at once rather than queued without bound.</summary>
    public int QueueCapacity { get; init; } = 1024;
}

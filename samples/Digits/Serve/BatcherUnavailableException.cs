namespace Digits.Serve;

/// <summary>The batcher takes no more items: its queue is full, or it is shutting down. The message says which.</summary>
internal sealed class BatcherUnavailableException(string message) : Exception(message);

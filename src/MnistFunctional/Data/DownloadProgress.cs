namespace MnistFunctional.Data;

/// <summary>How far the download of one file from one mirror has got; <see cref="TotalBytes"/> is null when the server does not say.</summary>
public sealed record DownloadProgress(string FileName, Uri Source, long BytesDone, long? TotalBytes);

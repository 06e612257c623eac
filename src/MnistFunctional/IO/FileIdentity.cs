namespace MnistFunctional.IO;

/// <summary>
/// Which file a path leads to (device and inode on Unix; the full path elsewhere), so that two different paths
/// to the same file — through a link, <c>..</c> or another spelling — compare equal.
/// </summary>
public sealed record FileIdentity(ulong Device, ulong Inode, string? FullPath = null);

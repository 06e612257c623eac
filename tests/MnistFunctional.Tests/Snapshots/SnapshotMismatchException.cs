namespace MnistFunctional.Tests.Snapshots;

/// <summary>
/// A snapshot did not match; the message holds the diff, where the received text is and how to accept it.
/// Snapshooter's own exception (an escaped one-line string with a caret) is left out: the diff says it better.
/// </summary>
public sealed class SnapshotMismatchException(string message) : Exception(message);

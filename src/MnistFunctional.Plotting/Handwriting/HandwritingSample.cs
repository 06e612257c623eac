namespace MnistFunctional.Plotting.Handwriting;

/// <summary>One file of the handwriting test set: its failure mode (a folder), name, true digit and encoded bytes.</summary>
public sealed record HandwritingSample(string Mode, string FileName, int Label, byte[] Bytes);

namespace MnistFunctional.Data;

/// <summary>Why one mirror could not deliver one file.</summary>
public sealed record MirrorFailure(Uri Source, string Reason)
{
    public override string ToString() => $"{Source}: {Reason}";
}

namespace MnistFunctional.Dsl;

/// <summary>One layer of an architecture. Layers are immutable values; <c>&gt;&gt;</c> chains them.</summary>
public abstract record Layer
{
    private protected Layer()
    {
    }

    /// <summary>The layer's canonical text, e.g. <c>Conv(32,3,ReLU,1,Valid)</c>.</summary>
    public abstract string CanonicalText { get; }

    public static Architecture operator >>(Layer first, Layer second) => new Architecture(System.Collections.Immutable.ImmutableArray.Create(first, second));
}

namespace MnistFunctional.Torch;

/// <summary>How many ReLU outputs two computations put on different sides of the kink, the largest such output and its layer.</summary>
public sealed record KinkCrossings(int Count, float Largest, string? Layer)
{
    public static KinkCrossings None { get; } = new(0, 0, null);
}

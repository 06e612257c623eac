namespace MnistFunctional.Dsl;

/// <summary>Thrown when an invalid architecture is used at run time.</summary>
public sealed class ArchitectureException(ArchitectureError error) : System.Exception(error.ToString())
{
    public ArchitectureError Error { get; } = error;
}

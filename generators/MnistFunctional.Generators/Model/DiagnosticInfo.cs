namespace MnistFunctional.Generators.Model
{
    /// <summary>A diagnostic to report, as values: its ID, its message and where.</summary>
    internal sealed record DiagnosticInfo(string Id, string Message, LocationInfo Location);
}

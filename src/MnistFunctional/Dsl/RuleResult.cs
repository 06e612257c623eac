namespace MnistFunctional.Dsl;

/// <summary>The outcome of one shape rule: the layer's output shape, or an error with its diagnostic ID.</summary>
public readonly struct RuleResult
{
    private RuleResult(Shape output, string? errorId, string? message)
    {
        Output = output;
        ErrorId = errorId;
        Message = message;
    }

    public Shape Output { get; }

    public string? ErrorId { get; }

    public string? Message { get; }

    public bool IsOk => ErrorId is null;

    public static RuleResult Ok(Shape output) => new(output, null, null);

    public static RuleResult Fail(string errorId, string message) => new(default, errorId, message);
}

namespace MnistFunctional.Data;

/// <summary>
/// A data file that cannot be used as it is. The message names the file and the problem in plain words;
/// <see cref="Problem"/> says which check failed.
/// </summary>
public sealed class DataFormatException(string filePath, DataProblem problem, string detail)
    : Exception($"Invalid data file '{filePath}': {detail}")
{
    public string FilePath { get; } = filePath;

    public DataProblem Problem { get; } = problem;

    /// <summary>The problem alone, without the file name.</summary>
    public string Detail { get; } = detail;
}

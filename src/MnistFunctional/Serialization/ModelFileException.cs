namespace MnistFunctional.Serialization;

/// <summary>A model file that cannot be read or written, with the file's path and the problem.</summary>
public sealed class ModelFileException : Exception
{
    public ModelFileException(string path, string problem, Exception? innerException = null)
        : base($"Model file '{path}': {problem}", innerException)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file the problem is about.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }
}

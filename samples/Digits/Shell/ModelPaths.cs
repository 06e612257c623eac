using System.CommandLine;

namespace Digits.Shell;

/// <summary>The files that travel with a model file: history, curves, checkpoint, confusion heatmap.</summary>
internal sealed record ModelPaths(string Model)
{
    /// <summary>The seed model: what <c>train</c> writes and <c>evaluate</c> and <c>export</c> read by default.</summary>
    public const string DefaultModel = "data/models/mnist-cnn.safetensors";

    /// <summary>
    /// What <c>predict</c>, <c>serve</c> and <c>explain</c> read by default: the shipped model that reads real
    /// handwriting best (docs/handwriting.md has the figures).
    /// </summary>
    public const string DefaultPredictionModel = "data/models/mnist-cnn-augmented.safetensors";

    /// <summary>The model files <c>predict</c>, <c>serve</c> and <c>explain</c> read together by default (the mean of their probabilities).</summary>
    public static IReadOnlyList<string> DefaultPredictionModels { get; } = [DefaultPredictionModel];

    /// <summary>The test-time augmentation <c>predict</c>, <c>serve</c> and <c>explain</c> use by default.</summary>
    public const string DefaultTta = "none";

    /// <summary>The <c>--model</c> option of <c>predict</c>, <c>serve</c> and <c>explain</c>: one model file, or several read together.</summary>
    public static Option<string[]> PredictionModelOption() => new("--model")
    {
        HelpName = "FILE",
        Description = "The model file; given more than once, the models are read together (an ensemble: the mean of their probabilities, one forward pass each).",
        DefaultValueFactory = _ => [.. DefaultPredictionModels],
        AllowMultipleArgumentsPerToken = false,
    };

    private string Stem => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Model))!, Path.GetFileNameWithoutExtension(Model));

    public string History => Stem + ".history.json";

    public string Curves => Stem + ".curves.png";

    public string Checkpoint => Stem + ".checkpoint.safetensors";

    public string Confusion => Stem + ".confusion.png";
}

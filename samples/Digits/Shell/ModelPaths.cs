namespace Digits.Shell;

/// <summary>The files that travel with a model file: history, curves, checkpoint, confusion heatmap.</summary>
internal sealed record ModelPaths(string Model)
{
    public const string DefaultModel = "data/models/mnist-cnn.safetensors";

    private string Stem => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Model))!, Path.GetFileNameWithoutExtension(Model));

    public string History => Stem + ".history.json";

    public string Curves => Stem + ".curves.png";

    public string Checkpoint => Stem + ".checkpoint.safetensors";

    public string Confusion => Stem + ".confusion.png";
}

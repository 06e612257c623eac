using System.Collections.Immutable;
using MnistFunctional.Imaging.Prediction;

namespace Digits.Shell;

/// <summary>
/// One way to read pictures: model files read as an ensemble, with a test-time augmentation. Written
/// <c>FILE[+FILE…][:TTA]</c> on the command line (e.g. <c>a.safetensors+b.safetensors:shifts</c>).
/// </summary>
internal sealed record ReaderSpec(ImmutableArray<string> Models, TestTimeAugmentation Tta)
{
    /// <summary>The short name: the files' names without extension, joined by '+', and the test-time augmentation unless none.</summary>
    public string Label =>
        string.Join('+', Models.Select(Path.GetFileNameWithoutExtension)) + (Tta == TestTimeAugmentation.None ? string.Empty : $":{Tta.Name}");

    /// <exception cref="ArgumentException">No model file, or an unknown test-time augmentation (the message names it).</exception>
    public static ReaderSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        var tta = TestTimeAugmentation.None;
        var models = text;
        if (colon >= 0 && TestTimeAugmentation.All.FirstOrDefault(t => string.Equals(t.Name, text[(colon + 1)..], StringComparison.OrdinalIgnoreCase)) is { } named)
        {
            tta = named;
            models = text[..colon];
        }

        var files = models.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return files.Length == 0
            ? throw new ArgumentException($"--reader '{text}': no model file (write FILE[+FILE…][:{string.Join('|', TestTimeAugmentation.All.Select(t => t.Name))}]).")
            : new ReaderSpec([.. files], tta);
    }
}

using System.CommandLine;
using MnistFunctional.Imaging.Prediction;

namespace Digits.Shell;

/// <summary>The <c>--tta</c> option of <c>predict</c>, <c>serve</c>, <c>explain</c> and <c>handwriting</c>: how each normalised picture is read.</summary>
internal static class TtaOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--tta")
        {
            HelpName = "NAME",
            Description = "Test-time augmentation: read each normalised picture also slightly changed and average the probabilities (one forward pass each): "
                + "'none'; 'shifts' (moved one pixel each way, ×5); 'strokes' (one pixel thicker and thinner, ×3); 'rotations' (±8°, ×3); 'shifts-strokes' (×7).",
            DefaultValueFactory = _ => ModelPaths.DefaultTta,
        };
        option.AcceptOnlyFromAmong([.. TestTimeAugmentation.All.Select(t => t.Name)]);
        return option;
    }

    public static TestTimeAugmentation Parse(string name) => TestTimeAugmentation.Named(name);
}

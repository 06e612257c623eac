using System.CommandLine;

namespace Digits.Shell;

/// <summary>The <c>--backend mathnet|torch</c> option.</summary>
internal static class TrainingBackendOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--backend")
        {
            Description = "Who trains: 'mathnet' (the generated code, default) or 'torch' (TorchSharp built from the same architecture, torch's Adam).",
            DefaultValueFactory = _ => "mathnet",
        };
        option.AcceptOnlyFromAmong("mathnet", "torch");
        return option;
    }

    public static TrainingBackend Parse(string? value) => value == "torch" ? TrainingBackend.Torch : TrainingBackend.MathNet;
}

using Digits.Commands;

namespace MnistFunctional.Imaging.Tests.Cli;

/// <summary>What one run of <see cref="PredictCommand.Run"/> returned and printed.</summary>
internal sealed record CommandRun(int ExitCode, string Output, string Log)
{
    public static CommandRun Predict(PredictRequest request)
    {
        using var output = new StringWriter();
        using var log = new StringWriter();
        var exit = PredictCommand.Run(request, output, log, interactive: false);
        return new CommandRun(exit, output.ToString(), log.ToString());
    }
}

using System.CommandLine;
using MnistFunctional.Models;
using MnistFunctional.Reporting;

namespace Digits.Commands;

/// <summary><c>digits summary</c>: the Keras-style table of the seed model.</summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var command = new Command("summary", "Print the layers, output shapes and parameter counts of the seed model (MnistCnn).");
        command.SetAction(_ =>
        {
            Console.Write(ModelSummary.Render(nameof(MnistCnn), MnistCnn.Architecture));
            return 0;
        });
        return command;
    }
}

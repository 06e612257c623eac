using System.CommandLine;
using Digits.Networks;
using Digits.Shell;
using MnistFunctional.Reporting;

namespace Digits.Commands;

/// <summary><c>digits summary</c>: the Keras-style table of a network the sample declares (the seed model by default).</summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var network = SampleNetworks.Option();
        var command = new Command("summary", "Print the layers, output shapes and parameter counts of a network (default: the seed model, MnistCnn).")
        {
            network,
        };
        command.SetAction(result => Fatal.Guard(() =>
        {
            var chosen = SampleNetworks.Named(result.GetValue(network)!);
            Console.Write(ModelSummary.Render(chosen.Name, chosen.Architecture));
            return 0;
        }));
        return command;
    }
}

using System.CommandLine;
using Digits.Commands;

var root = new RootCommand("digits — declare, train, check and run the MNIST CNN of MnistFunctional.")
{
    SummaryCommand.Create(),
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    BenchCommand.Create(),
    CompareCommand.Create(),
    PredictCommand.Create(),
    ServeCommand.Create(),
    ExportCommand.Create(),
    MakeSamplesCommand.Create(),
    HandwritingCommand.Create(),
    ExplainCommand.Create(),
};

return root.Parse(args).Invoke();

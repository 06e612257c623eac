using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Digits.Networks;
using Digits.Shell;
using MnistFunctional;
using MnistFunctional.Data;
using MnistFunctional.Evaluation;
using MnistFunctional.Tensors;
using MnistFunctional.Plotting;
using MnistFunctional.Serialization;

namespace Digits.Commands;

/// <summary><c>digits evaluate</c>: test accuracy and loss, per-class precision/recall, confusion matrix (table and PNG).</summary>
internal static class EvaluateCommand
{
    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Folder with the MNIST IDX files (default: $MNIST_DIR, then data/mnist/, downloaded when missing)." };
        var model = new Option<string>("--model") { Description = "The model file to evaluate.", DefaultValueFactory = _ => ModelPaths.DefaultModel };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");

        var command = new Command("evaluate", "Evaluate a model file on the 10,000 MNIST test images: accuracy, loss, per-class precision and recall, confusion matrix.")
        {
            data, model, format,
        };
        command.SetAction(result => Fatal.Guard(() =>
        {
            var paths = new ModelPaths(result.GetValue(model)!);
            var json = result.GetValue(format) == "json";
            var info = ModelFile.ReadInfo(paths.Model);
            var test = MnistFiles.Load(result.GetValue(data), json ? Console.Error : Console.Out).Test;
            var evaluation = SampleNetworks.ForModel(info).Run(new Evaluation(paths.Model, test));
            if (!double.IsFinite(evaluation.Loss))
            {
                // Finite but huge weights overflow: refused as the model's fault, never printed as NaN (nor a JSON serializer error).
                throw new ModelFileException(paths.Model, $"its test loss is {evaluation.Loss.ToString(CultureInfo.InvariantCulture)}: the outputs are not numbers (the weights overflow), so the model cannot be evaluated.");
            }

            // The data set by its folder's name when --data names one (e.g. fashion-mnist), else MNIST.
            var dataName = result.GetValue(data) is { } folder ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))) : "MNIST";
            ConfusionMatrixPlot.Save(paths.Confusion, evaluation.Confusion, Digits, $"{dataName} test set — accuracy {evaluation.Accuracy:P2}");
            Console.Write(json ? Json(evaluation) : Text(info, evaluation, paths));
            return 0;
        }));
        return command;
    }

    /// <summary>Loads the model file into its network's parameters (checked against its architecture) and evaluates it.</summary>
    private sealed record Evaluation(string Model, Dataset Test) : INetworkJob<DatasetEvaluation>
    {
        public DatasetEvaluation Run<TParameters, TGradients>(INetwork<TParameters, TGradients> network)
            where TParameters : ITensorSet<TParameters>
            where TGradients : ITensorSet<TGradients>
        {
            var model = ModelFile.Read<TParameters>(Model, network.Architecture);
            return Evaluator.Evaluate(network, model.Parameters, Test, state: model.State);
        }
    }

    private static string Text(ModelFileInfo info, DatasetEvaluation evaluation, ModelPaths paths) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            Model: {info.FilePath} ({info.NetworkName}, {info.ParameterCount:N0} parameters)
            Test accuracy: {evaluation.Accuracy:F4} ({evaluation.Confusion.Correct:N0} of {evaluation.Confusion.Total:N0})
            Test loss: {evaluation.Loss:F4}

            {EvaluationText.ClassificationTable(evaluation.Report, Digits)}
            Confusion matrix (rows = true digit, columns = predicted):
            {EvaluationText.ConfusionTable(evaluation.Confusion, Digits)}
            Heatmap: {paths.Confusion}

            """);

    private static string Json(DatasetEvaluation evaluation) =>
        JsonSerializer.Serialize(new
        {
            accuracy = evaluation.Accuracy,
            loss = evaluation.Loss,
            count = evaluation.Confusion.Total,
            confusion = evaluation.Confusion.ToRows(),
            per_class = evaluation.Report.PerClass.Select(c => new { digit = c.ClassIndex, precision = c.Precision, recall = c.Recall, f1 = c.F1, support = c.Support }),
        }) + Environment.NewLine;
}

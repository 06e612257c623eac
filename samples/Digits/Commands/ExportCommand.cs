using System.CommandLine;
using Digits.Shell;
using MnistFunctional.Onnx;

namespace Digits.Commands;

/// <summary><c>digits export --onnx FILE</c>: the model file as an ONNX model that ONNX Runtime and ONNX serving engines run.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var onnx = new Option<string>("--onnx") { HelpName = "FILE", Description = "The ONNX file to write (atomically: all of it or nothing).", Required = true };
        var model = new Option<string>("--model") { Description = "The model file to export: any network the sample declares (read from the file's metadata).", HelpName = "FILE", DefaultValueFactory = _ => ModelPaths.DefaultModel };
        var command = new Command(
            "export",
            $"Export a model file as ONNX (opset {OnnxFormat.Opset}): input '{OnnxFormat.InputName}' float32 [N, 28, 28, 1] channels last, pixels in [0, 1] as in training; output '{OnnxFormat.OutputName}' float32 [N, 10]; the training facts as metadata.")
        {
            onnx, model,
        };
        command.SetAction(result => Fatal.Guard(() =>
        {
            var path = result.GetValue(onnx)!;
            var bytes = OnnxModel.Export(result.GetValue(model)!);
            try
            {
                MnistFunctional.IO.AtomicFile.Write(path, bytes);
            }
            catch (IOException error)
            {
                throw new IOException($"--onnx: {error.Message}", error);
            }

            Console.WriteLine($"Wrote {path} ({bytes.Length:N0} bytes, opset {OnnxFormat.Opset}).");
            return 0;
        }));
        return command;
    }
}

using System.Diagnostics;
using MnistFunctional.Models;
using MnistFunctional.Tensors;
using MnistFunctional.Tests;
using MnistFunctional.Tests.TestNetworks;
using MnistFunctional.Torch.Tests;

namespace MnistFunctional.Onnx.Tests;

/// <summary>
/// The exported files pass the ONNX project's own checker with full shape inference (<c>onnx.checker.check_model(…,
/// full_check=True)</c>, Debian's python3-onnx 1.12, the ONNX release of opset 17 — .ci/run installs it).
/// </summary>
public sealed class OnnxCheckerTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public void Every_declared_network_passes_the_ONNX_checker_with_full_shape_inference()
    {
        using var folder = new TempFolder();
        var files = new[]
        {
            Export(folder, MnistCnn.Network),
            Export(folder, TinyNet.Network),
            Export(folder, GradCheckNet.Network),
            Export(folder, WinogradNet.Network),
            Export(folder, MixedNet.Network),
            Export(folder, PaddingNet.Network),
            Export(folder, PoolingNet.Network),
            Export(folder, DropoutNet.Network),
            Export(folder, BatchNormNet.Network),
            Export(folder, BatchNormDropoutNet.Network),
            Export(folder, ResidualNet.Network),
            Export(folder, FlattenResidualNet.Network),
            Export(folder, ResidualBatchNormNet.Network),
        };

        var (exitCode, output) = Run("import onnx, sys\nfor path in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(path), full_check=True)\n    print('ok', path)", files);

        Assert.True(exitCode == 0, $"onnx.checker failed (is Debian's python3-onnx installed? .ci/run installs it):\n{output}");
        Assert.Equal(files.Length, output.Split('\n').Count(line => line.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_checker_refuses_a_broken_graph()
    {
        // The check can fail: a Gemm that reads a value no node makes is refused.
        using var folder = new TempFolder();
        var model = OnnxExport.Build(TinyNet.Network.Name, TinyNet.Architecture, TinyNet.Initialize(1).Tensors);
        model.Graph.Node.Single(n => n.OpType == "Gemm").Input[0] = "nowhere";
        var path = Path.Combine(folder.Path, "broken.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(model));

        var (exitCode, output) = Run("import onnx, sys\nonnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", [path]);

        Assert.True(exitCode != 0, output);
        Assert.Contains("ValidationError", output, StringComparison.Ordinal);
    }

    private static string Export<TParameters, TGradients>(TempFolder folder, INetwork<TParameters, TGradients> network)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        var path = Path.Combine(folder.Path, network.Name + ".onnx");
        OnnxExport.Save(path, network.Name, network.Architecture, OnnxAgreement.RandomParameters(network, seed: 3), state: OnnxAgreement.RandomState(network, seed: 4));
        return path;
    }

    private static (int ExitCode, string Output) Run(string script, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Python}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}

using System.Globalization;
using System.Security.Cryptography;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Backend;
using MnistFunctional.Models;
using MnistFunctional.Tests.TestNetworks;
using MnistFunctional.Tests.Snapshots;
using Snapshooter;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// One snapshot per layer of the seed model's output for a fixed seed and a procedurally drawn "7": its shape,
/// a few statistics and a digest. Values are rounded to 4 significant digits (statistics) and to 1e-3 (the
/// digest and samples) so the snapshots hold across machines whose float rounding differs in the last bits,
/// while any real change to a kernel moves them and shows as a readable diff.
/// </summary>
public class LayerSnapshotTests
{
    private static readonly Lazy<MnistCnn.Activations> Activations = new(() =>
        MnistCnn.Forward(MnistCnn.Initialize(seed: 1234), new(Matrix<float>.Build.Dense(784, 1, DrawnDigit.Seven()))));

    [Theory]
    [InlineData("Input")]
    [InlineData("Conv1")]
    [InlineData("Pool1")]
    [InlineData("Conv2")]
    [InlineData("Pool2")]
    [InlineData("Conv3")]
    [InlineData("Flatten1")]
    [InlineData("Dense1")]
    [InlineData("Dense2")]
    public void Layer_output(string layer)
    {
        var a = Activations.Value;
        var (values, shape) = layer switch
        {
            "Input" => (a.Input.Values, "(28, 28, 1)"),
            "Conv1" => (a.Conv1.Values, "(26, 26, 32)"),
            "Pool1" => (a.Pool1.Values, "(13, 13, 32)"),
            "Conv2" => (a.Conv2.Values, "(11, 11, 64)"),
            "Pool2" => (a.Pool2.Values, "(5, 5, 64)"),
            "Conv3" => (a.Conv3.Values, "(3, 3, 64)"),
            "Flatten1" => (a.Flatten1.Values, "(576)"),
            "Dense1" => (a.Dense1.Values, "(64)"),
            _ => (a.Dense2.Values, "(10)"),
        };

        ReadableSnapshot.Match(Summarize(shape, Storage.Of(values)), SnapshotNameExtension.Create(layer));
    }

    /// <summary>
    /// BatchNormNet's BatchNorm layers over 6 uniform 8×8 images: in training mode (the batch's statistics), then in
    /// inference mode with the state that batch moved (summarised at once: the workspace's buffers are reused). γ = 1.5
    /// and β = 0.5 put each output's mean away from 0, where its rounding noise (~1e-8) would differ between machines.
    /// </summary>
    private static readonly Lazy<Dictionary<string, LayerSummary>> Normalised = new(() =>
    {
        var parameters = BatchNormNet.Initialize(seed: 1234);
        foreach (var norm in new[] { parameters.BatchNorm1, parameters.BatchNorm2 })
        {
            norm.Gamma.MapInplace(_ => 1.5f);
            norm.Beta.MapInplace(_ => 0.5f);
        }

        var input = new BatchNormNet.InputBatch(TestData.Uniform(BatchNormNet.InputBatch.Size, 6, seed: 1235));
        var workspace = new BatchNormNet.Workspace(6);
        var training = BatchNormNet.Forward(parameters, BatchNormNet.InitialState(), input, workspace, new DropoutKey(1234, 0, 0, 0));
        var summaries = new Dictionary<string, LayerSummary>
        {
            ["BatchNorm1 training"] = Summarize("(6, 6, 4)", Storage.Of(training.BatchNorm1.Values)),
            ["BatchNorm2 training"] = Summarize("(6)", Storage.Of(training.BatchNorm2.Values)),
        };
        var inference = BatchNormNet.Forward(parameters, BatchNormNet.UpdatedState(BatchNormNet.InitialState(), workspace), input);
        summaries["BatchNorm1 inference"] = Summarize("(6, 6, 4)", Storage.Of(inference.BatchNorm1.Values));
        summaries["BatchNorm2 inference"] = Summarize("(6)", Storage.Of(inference.BatchNorm2.Values));
        return summaries;
    });

    [Theory]
    [InlineData("BatchNorm1", "training")]
    [InlineData("BatchNorm2", "training")]
    [InlineData("BatchNorm1", "inference")]
    [InlineData("BatchNorm2", "inference")]
    public void BatchNorm_layer_output(string layer, string mode) =>
        ReadableSnapshot.Match(Normalised.Value[$"{layer} {mode}"], SnapshotNameExtension.Create(layer, mode));

    private static LayerSummary Summarize(string shape, float[] data)
    {
        var rounded = data.Select(v => Math.Round((double)v, 3)).ToArray();
        var digest = SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(string.Join(",", rounded.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))));
        var mean = data.Average(v => (double)v);
        return new LayerSummary(
            shape,
            data.Length,
            Significant(mean),
            Significant(Math.Sqrt(data.Average(v => Math.Pow(v - mean, 2)))),
            Significant(data.Min()),
            Significant(data.Max()),
            data.Count(v => v > 0),
            [.. rounded.Where((_, i) => i % Math.Max(1, data.Length / 8) == 0).Take(8)],
            Convert.ToHexString(digest)[..16]);
    }

    private static double Significant(double value) => value == 0 ? 0 : Math.Round(value, 3 - (int)Math.Floor(Math.Log10(Math.Abs(value))));

    private sealed record LayerSummary(string Shape, int Values, double Mean, double StdDev, double Min, double Max, int Positive, double[] Samples, string Digest);
}

using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Models;
using MnistFunctional.Onnx;

namespace Digits.Bench;

/// <summary>
/// A network (the seed model by default) exported to ONNX and run by ONNX Runtime (<see cref="OnnxPredictor.DefaultOptions"/>: default CPU
/// provider, all graph optimizations, sequential execution, one intra-op thread per core), with the same initial
/// weights as the other backends; input and output buffers are fixed, ONNX Runtime writes into the output directly.
/// Inference only: ONNX Runtime does not train.
/// </summary>
internal sealed class OnnxBenchTarget(byte[] model) : IBenchTarget
{
    private readonly OnnxPredictor predictor = OnnxPredictor.FromBytes(model);

    /// <summary>The seed model's.</summary>
    public OnnxBenchTarget()
        : this(OnnxExport.Encode(MnistCnn.Network.Name, MnistCnn.Architecture, MnistCnn.Initialize(42)))
    {
    }

    public string Name => "onnx";

    public bool Trains => false;

    public Action TrainStep(int batchSize) => throw new NotSupportedException("ONNX Runtime runs inference only.");

    public Action Infer(int batchSize)
    {
        var input = BenchImages.Fill(Matrix<float>.Build.Dense(BenchImages.Pixels, batchSize), seed: batchSize);
        var output = Matrix<float>.Build.Dense(predictor.Classes, batchSize);
        return () => predictor.PredictInto(input, output);
    }

    public void Dispose() => predictor.Dispose();
}

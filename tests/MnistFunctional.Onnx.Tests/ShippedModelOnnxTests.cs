using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Models;
using MnistFunctional.Serialization;
using MnistFunctional.Tests;
using MnistFunctional.Tests.Data;

namespace MnistFunctional.Onnx.Tests;

/// <summary>The shipped seed model, exported and run by ONNX Runtime on the 10,000 MNIST test images.</summary>
public sealed class ShippedModelOnnxTests(RealMnistFixture mnist) : IClassFixture<RealMnistFixture>
{
    private static string ModelPath => Path.Combine(RealMnist.RepositoryRoot, "data", "models", "mnist-cnn.safetensors");

    [Fact]
    public void Exported_seed_model_agrees_with_Predict_on_the_test_set_and_scores_0_9912()
    {
        var model = ModelFile.Read<MnistCnn.Parameters>(ModelPath, MnistCnn.Architecture);
        var test = mnist.Data.Test;
        using var onnx = OnnxPredictor.FromBytes(OnnxExport.Encode(MnistCnn.Network.Name, MnistCnn.Architecture, model.Parameters, model.Info.TrainingFacts));
        var input = Matrix<float>.Build.Dense(test.ExampleSize, test.Count, test.Pixels);

        var expected = MnistCnn.Network.Predict(model.Parameters, input);
        var actual = onnx.Predict(input);

        var difference = (expected - actual).Enumerate().Max(Math.Abs);
        Assert.True(difference <= OnnxAgreement.Tolerance, $"ONNX Runtime differs from Predict by {difference} on the test set.");
        Assert.Equal(9912, Correct(expected, test.Labels));
        Assert.Equal(9912, Correct(actual, test.Labels));
        Assert.Equal("0.9912", model.Info.TrainingFacts["test_accuracy"]);
        Assert.Equal("0.9912", onnx.Metadata[OnnxFormat.TrainingPrefix + "test_accuracy"]);
    }

    private static int Correct(Matrix<float> probabilities, int[] labels) =>
        Enumerable.Range(0, labels.Length).Count(i => probabilities.Column(i).MaximumIndex() == labels[i]);
}

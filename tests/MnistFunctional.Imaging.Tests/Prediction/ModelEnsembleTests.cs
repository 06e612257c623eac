using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Imaging.Prediction;

namespace MnistFunctional.Imaging.Tests.Prediction;

public sealed class ModelEnsembleTests
{
    private static readonly Matrix<float> Images = Matrix<float>.Build.Dense(MnistImage.PixelCount, 2);

    private static Func<Matrix<float>, Matrix<float>> Constant(params float[][] columns) => _ => Matrix<float>.Build.DenseOfColumnArrays(columns);

    [Fact]
    public void The_ensemble_reads_the_mean_of_its_members_probabilities()
    {
        var ensemble = ModelEnsemble.Mean([Constant([1f, 0f, 0f], [0f, 0f, 1f]), Constant([0f, 1f, 0f], [0f, 0.5f, 0.5f])]);

        var probabilities = ensemble(Images);

        Assert.Equal(Matrix<float>.Build.DenseOfColumnArrays([0.5f, 0.5f, 0f], [0f, 0.25f, 0.75f]), probabilities);
    }

    [Fact]
    public void One_member_is_itself_and_none_is_refused()
    {
        var only = Constant([1f, 0f], [0f, 1f]);

        Assert.Same(only, ModelEnsemble.Mean([only]));
        Assert.Throws<ArgumentException>(() => ModelEnsemble.Mean([]));
    }

    [Fact]
    public void Members_that_disagree_on_the_classes_are_refused_when_called()
    {
        var ensemble = ModelEnsemble.Mean([Constant([1f, 0f], [0f, 1f]), Constant([1f, 0f, 0f], [0f, 1f, 0f])]);

        var error = Assert.Throws<ArgumentException>(() => ensemble(Images));
        Assert.Contains("2 classes against 3", error.Message, StringComparison.Ordinal);
    }
}

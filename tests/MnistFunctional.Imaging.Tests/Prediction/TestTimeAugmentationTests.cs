using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Augmentation;
using MnistFunctional.Imaging.Prediction;

namespace MnistFunctional.Imaging.Tests.Prediction;

public sealed class TestTimeAugmentationTests
{
    /// <summary>A picture with one lit pixel at (10, 12).</summary>
    private static Matrix<float> Dot()
    {
        var pixels = new float[MnistImage.PixelCount];
        pixels[(12 * MnistImage.Size) + 10] = 1;
        return Matrix<float>.Build.Dense(MnistImage.PixelCount, 1, pixels);
    }

    /// <summary>A two-class "model": the probability of class 0 is the pixel at (10, 12).</summary>
    private static Matrix<float> PixelModel(Matrix<float> images) =>
        Matrix<float>.Build.Dense(2, images.ColumnCount, (row, column) => row == 0 ? images[(12 * MnistImage.Size) + 10, column] : 1 - images[(12 * MnistImage.Size) + 10, column]);

    [Fact]
    public void Expand_puts_each_pictures_variants_side_by_side_in_the_order_of_the_variants()
    {
        var two = Matrix<float>.Build.Dense(MnistImage.PixelCount, 2, (row, column) => column == 0 ? Dot()[row, 0] : 0);

        var expanded = TestTimeAugmentation.Shifts.Expand(two);

        Assert.Equal(10, expanded.ColumnCount);
        Assert.Equal(two.Column(0), expanded.Column(0)); // the picture itself first
        // Shifted left, right, up, down: the dot moves to (9, 12), (11, 12), (10, 11), (10, 13).
        Assert.Equal(1f, expanded[(12 * 28) + 9, 1]);
        Assert.Equal(1f, expanded[(12 * 28) + 11, 2]);
        Assert.Equal(1f, expanded[(11 * 28) + 10, 3]);
        Assert.Equal(1f, expanded[(13 * 28) + 10, 4]);
        Assert.All(Enumerable.Range(1, 4), v => Assert.Equal(1f, expanded.Column(v).Sum()));
        Assert.All(Enumerable.Range(5, 5), v => Assert.Equal(0f, expanded.Column(v).Sum())); // the blank second picture
    }

    [Fact]
    public void The_stroke_variants_are_thicker_and_thinner_than_the_picture()
    {
        var bar = Matrix<float>.Build.Dense(MnistImage.PixelCount, 1, (row, _) => row % 28 is >= 12 and < 15 && row / 28 is >= 6 and < 22 ? 1 : 0);

        var expanded = TestTimeAugmentation.Strokes.Expand(bar);

        Assert.True(expanded.Column(1).Sum() > bar.Column(0).Sum() + 10);
        Assert.True(expanded.Column(2).Sum() < bar.Column(0).Sum() - 10);
    }

    [Fact]
    public void A_wrapped_model_returns_the_mean_of_its_probabilities_over_the_variants()
    {
        var read = TestTimeAugmentation.Shifts.Wrap(PixelModel);

        var probabilities = read(Dot());

        // The dot is at (10, 12) only in the unshifted picture: one of five.
        Assert.Equal(1, probabilities.ColumnCount);
        Assert.Equal(0.2f, probabilities[0, 0], 6);
        Assert.Equal(0.8f, probabilities[1, 0], 6);
    }

    [Fact]
    public void None_is_the_model_itself_and_costs_nothing_more()
    {
        Func<Matrix<float>, Matrix<float>> model = PixelModel;

        Assert.Same(model, TestTimeAugmentation.None.Wrap(model));
    }

    [Fact]
    public void Mean_of_groups_averages_consecutive_columns_and_refuses_a_partial_group()
    {
        var probabilities = Matrix<float>.Build.DenseOfColumnArrays([1f, 0f], [0f, 1f], [0.5f, 0.5f], [0.25f, 0.75f]);

        var mean = TestTimeAugmentation.MeanOfGroups(probabilities, 2);

        Assert.Equal(Matrix<float>.Build.DenseOfColumnArrays([0.5f, 0.5f], [0.375f, 0.625f]), mean);
        Assert.Throws<ArgumentException>(() => TestTimeAugmentation.MeanOfGroups(probabilities, 3));
    }

    [Fact]
    public void The_variants_are_the_training_augmentations_distortions_and_named_on_the_command_line()
    {
        Assert.All(TestTimeAugmentation.All, tta => Assert.Equal(Distortion.Identity, tta.Variants[0]));
        Assert.Equal(TestTimeAugmentation.Strokes, TestTimeAugmentation.Named("STROKES"));
        var error = Assert.Throws<ArgumentException>(() => TestTimeAugmentation.Named("wobble"));
        Assert.Contains("shifts-strokes", error.Message, StringComparison.Ordinal);
    }
}

using System.Buffers.Binary;
using MnistFunctional.Plotting;
using MnistFunctional.Training;

namespace MnistFunctional.Tests.Reporting;

public class PlotTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Learning_curves_are_a_PNG_of_the_requested_size()
    {
        var png = LearningCurvesPlot.RenderPng(TenEpochs(), 1000, 400);

        Assert.Equal((1000, 400), PngSize(png));
    }

    [Fact]
    public void Learning_curves_render_one_epoch_and_a_run_without_validation()
    {
        var one = LearningCurvesPlot.RenderPng([new EpochMetrics(1, 0.2, 0.94, 0.1, 0.97, 40)]);
        var noValidation = LearningCurvesPlot.RenderPng([.. TenEpochs().Select(m => m with { ValidationLoss = double.NaN, ValidationAccuracy = double.NaN })]);

        Assert.Equal((LearningCurvesPlot.DefaultWidth, LearningCurvesPlot.DefaultHeight), PngSize(one));
        Assert.Equal((LearningCurvesPlot.DefaultWidth, LearningCurvesPlot.DefaultHeight), PngSize(noValidation));
    }

    [Fact]
    public void Confusion_heatmap_is_a_PNG_of_the_requested_size()
    {
        var png = ConfusionMatrixPlot.RenderPng(EvaluationTextTests.MnistLike(), width: 640, height: 600);

        Assert.Equal((640, 600), PngSize(png));
    }

    [Fact]
    public void Save_writes_the_PNG_files_atomically_and_leaves_no_temp_file()
    {
        using var folder = new TempFolder();
        var curves = folder.File("curves.png");
        var confusion = folder.File("confusion.png");

        LearningCurvesPlot.Save(curves, TenEpochs());
        ConfusionMatrixPlot.Save(confusion, EvaluationTextTests.MnistLike());

        Assert.Equal((LearningCurvesPlot.DefaultWidth, LearningCurvesPlot.DefaultHeight), PngSize(File.ReadAllBytes(curves)));
        Assert.Equal((ConfusionMatrixPlot.DefaultWidth, ConfusionMatrixPlot.DefaultHeight), PngSize(File.ReadAllBytes(confusion)));
        Assert.Equal(["confusion.png", "curves.png"], folder.Entries());
    }

    [Fact]
    public void Wrong_class_names_are_refused_before_anything_is_written()
    {
        using var folder = new TempFolder();

        Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Save(folder.File("c.png"), EvaluationTextTests.MnistLike(), ["a", "b"]));

        Assert.Empty(folder.Entries());
    }

    /// <summary>Made-up but plausible curves: training loss falls, validation flattens.</summary>
    internal static EpochMetrics[] TenEpochs() =>
    [
        .. Enumerable.Range(1, 10).Select(epoch => new EpochMetrics(
            epoch,
            Loss: 0.15 / epoch,
            Accuracy: 1 - (0.045 / epoch),
            ValidationLoss: 0.035 + (0.03 / epoch) + (0.001 * epoch),
            ValidationAccuracy: 0.992 - (0.012 / epoch),
            Seconds: 40 + (epoch % 3))),
    ];

    /// <summary>Checks the PNG signature and that IHDR is the first chunk, then returns its width and height.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.Length > 33, "too short to be a PNG");
        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}

using MnistFunctional.Imaging.Normalization;

namespace MnistFunctional.Imaging.Tests.Normalization;

public sealed class StrokeThinningTests
{
    /// <summary>An "8" of two stacked square rings whose stroke is <paramref name="stroke"/> of its 100-pixel height.</summary>
    private static GrayImage Eight(int stroke) => new Raster(120, 140, 1f)
        .Fill(30, 20, 60, stroke, 0f).Fill(30, 70 - (stroke / 2), 60, stroke, 0f).Fill(30, 120 - stroke, 60, stroke, 0f)
        .Fill(30, 20, stroke, 100, 0f).Fill(90 - stroke, 20, stroke, 100, 0f).Image();

    [Fact]
    public void A_skeleton_is_one_pixel_wide_and_the_distance_transform_measures_the_half_width()
    {
        var bar = new bool[40 * 20];
        for (var y = 5; y < 15; y++)
        {
            for (var x = 2; x < 38; x++)
            {
                bar[(y * 40) + x] = y is >= 7 and < 14;
            }
        }

        var skeleton = Skeleton.Thin(bar, 40, 20);
        var distance = DistanceTransform.ToBackground(bar, 40, 20);

        Assert.All(Enumerable.Range(8, 24), x => Assert.Equal(1, Enumerable.Range(0, 20).Count(y => skeleton[(y * 40) + x])));
        Assert.Equal(4f, distance[(10 * 40) + 20]);
        Assert.Equal(7, StrokeWidth.AlongSkeleton(skeleton, distance)!.Value, 0.5);
    }

    [Fact]
    public void Strokes_a_fifth_of_the_height_are_thinned_so_the_loops_stay_open()
    {
        var thinned = MnistNormalizer.Normalize(Eight(20))!.Image;
        var asDrawn = MnistNormalizer.Normalize(Eight(20), NormalizationOptions.Default with { MaximumStrokeWidth = 0 })!.Image;

        var width = StrokeWidth.Estimate(thinned.Pixels.AsSpan(), 28, 28)!.Value;
        Assert.InRange(width, 2, 4);
        Assert.True(StrokeWidth.Estimate(asDrawn.Pixels.AsSpan(), 28, 28)!.Value > width + 0.5);
        Assert.True(LoopInk(thinned) < LoopInk(asDrawn) / 2, $"ink in the loops: {LoopInk(thinned)} thinned, {LoopInk(asDrawn)} as drawn");
    }

    [Fact]
    public void Strokes_as_thick_as_MNISTs_and_blobs_are_left_as_drawn()
    {
        var options = NormalizationOptions.Default;

        Assert.Equal(
            MnistNormalizer.Normalize(Eight(12), options with { MaximumStrokeWidth = 0 })!.Image.Pixels.ToArray(),
            MnistNormalizer.Normalize(Eight(12), options)!.Image.Pixels.ToArray());
        var blob = new Raster(100, 140, 1f).Fill(25, 20, 50, 100, 0f).Image();
        Assert.Equal(
            MnistNormalizer.Normalize(blob, options with { MaximumStrokeWidth = 0 })!.Image.Pixels.ToArray(),
            MnistNormalizer.Normalize(blob, options)!.Image.Pixels.ToArray());
    }

    [Fact]
    public void Explain_names_each_step_and_ends_with_what_the_model_sees()
    {
        var trace = MnistNormalizer.Explain(Eight(20));

        Assert.Equal(["picture", "ink (dark on light)", "digit", "stroke width", "28×28"], trace.Steps.Select(s => s.Name));
        Assert.Equal(trace.Digit!.Image.Pixels.ToArray(), trace.Steps[^1].Pixels.ToArray());
        Assert.Null(trace.Rejection);
        Assert.StartsWith("blank", MnistNormalizer.Explain(new Raster(50, 50, 0.5f).Image()).Rejection, StringComparison.Ordinal);
    }

    // The ink in the middle of the two loops of the 28×28 (their centres lie about a quarter from the top and bottom).
    private static float LoopInk(MnistImage image)
    {
        var center = CenterOfMass.Of(image)!.Value;
        var (x, y) = ((int)Math.Round(center.X), (int)Math.Round(center.Y));
        return Enumerable.Range(-1, 3).Sum(dx => image[x + dx, y - 5] + image[x + dx, y + 5]);
    }
}

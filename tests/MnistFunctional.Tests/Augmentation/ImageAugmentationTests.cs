using MnistFunctional.Augmentation;

namespace MnistFunctional.Tests.Augmentation;

public class ImageAugmentationTests
{
    private const int Size = 28;

    /// <summary>A 4-pixel-wide vertical bar in the middle: easy to reason about under each distortion.</summary>
    private static float[] Bar()
    {
        var image = new float[Size * Size];
        for (var y = 6; y < 22; y++)
        {
            for (var x = 12; x < 16; x++)
            {
                image[(y * Size) + x] = 1f;
            }
        }

        return image;
    }

    private static float[] Apply(Distortion distortion, float[] image)
    {
        var target = new float[image.Length];
        ImageAugmentation.Apply(distortion, image, target, Size, Size, 1);
        return target;
    }

    private static (double X, double Y) CentreOfMass(float[] image)
    {
        double mass = 0, x = 0, y = 0;
        for (var i = 0; i < image.Length; i++)
        {
            mass += image[i];
            x += image[i] * (i % Size);
            y += image[i] * (i / Size);
        }

        return (x / mass, y / mass);
    }

    [Fact]
    public void The_identity_changes_nothing()
    {
        var bar = Bar();

        Assert.Equal(bar, Apply(Distortion.Identity, bar));
    }

    [Fact]
    public void A_whole_pixel_shift_moves_every_pixel_by_that_much()
    {
        var moved = Apply(Distortion.Identity with { ShiftX = 2, ShiftY = -1 }, Bar());

        Assert.Equal(1f, moved[(5 * Size) + 14]);
        Assert.Equal(1f, moved[(20 * Size) + 17]);
        Assert.Equal(0f, moved[(21 * Size) + 14]);
        Assert.Equal(0f, moved[(10 * Size) + 13]);
        Assert.Equal(Bar().Sum(), moved.Sum());
    }

    [Fact]
    public void A_quarter_turn_makes_the_vertical_bar_horizontal_about_the_centre()
    {
        var turned = Apply(Distortion.Identity with { RotationRadians = Math.PI / 2 }, Bar());

        var (x, y) = CentreOfMass(turned);
        Assert.Equal(13.5, x, 1e-3);
        Assert.Equal(13.5, y, 1e-3);
        Assert.Equal(1f, turned[(13 * Size) + 7], 1e-4f);
        Assert.Equal(0f, turned[(7 * Size) + 13], 1e-4f);
    }

    [Fact]
    public void Scaling_changes_the_ink_by_the_square_of_the_scale()
    {
        var bar = Bar();

        var grown = Apply(Distortion.Identity with { Scale = 1.1 }, bar);

        Assert.Equal(bar.Sum() * 1.21, grown.Sum(), bar.Sum() * 0.03);
    }

    [Fact]
    public void Thicker_strokes_add_ink_and_thinner_strokes_remove_it_without_erasing_the_digit()
    {
        var bar = Bar();

        var thicker = Apply(Distortion.Identity with { Stroke = StrokeChange.Thicker }, bar);
        var thinner = Apply(Distortion.Identity with { Stroke = StrokeChange.Thinner }, bar);

        Assert.Equal((16 * 6) + (2 * 4), thicker.Count(v => v > 0));
        Assert.Equal(15 * 3, thinner.Count(v => v > 0));
    }

    [Fact]
    public void A_batch_is_distorted_the_same_way_for_the_same_seed_epoch_and_batch_and_differently_otherwise()
    {
        float[] Batch(int seed, int epoch, int batch)
        {
            var pixels = Enumerable.Repeat(Bar(), 3).SelectMany(image => image).ToArray();
            ImageAugmentation.ApplyToBatch(AugmentationOptions.Default, pixels, 3, Size, Size, 1, seed, epoch, batch);
            return pixels;
        }

        Assert.Equal(Batch(1, 2, 3), Batch(1, 2, 3));
        Assert.NotEqual(Batch(1, 2, 3), Batch(1, 2, 4));
        Assert.NotEqual(Batch(1, 2, 3), Batch(1, 3, 3));
        Assert.NotEqual(Batch(1, 2, 3), Batch(2, 2, 3));
        Assert.NotEqual(Bar(), Batch(1, 2, 3).AsSpan(0, Size * Size).ToArray());
    }

    [Fact]
    public void Drawn_distortions_stay_inside_the_options()
    {
        var options = AugmentationOptions.Default;
        var source = new Random(5);

        var drawn = Enumerable.Range(0, 2000).Select(_ => Distortion.Draw(options, source, Size, Size)).ToArray();

        Assert.All(drawn, d => Assert.InRange(Math.Abs(d.ShiftX), 0, options.MaxShift));
        Assert.All(drawn, d => Assert.InRange(Math.Abs(d.RotationRadians), 0, options.MaxRotationDegrees * Math.PI / 180));
        Assert.All(drawn, d => Assert.InRange(d.Scale, options.MinScale, options.MaxScale));
        Assert.InRange(drawn.Count(d => d.Stroke == StrokeChange.Thicker), 300, 500);
        Assert.InRange(drawn.Count(d => d.Stroke == StrokeChange.Thinner), 300, 500);
    }

    [Fact]
    public void The_default_options_draw_no_shear_elastic_field_or_much_thicker_stroke_and_the_same_numbers_as_before()
    {
        var (a, b) = (new Random(9), new Random(9));

        var drawn = Enumerable.Range(0, 200).Select(_ => Distortion.Draw(AugmentationOptions.Default, a, Size, Size)).ToArray();

        Assert.All(drawn, d => Assert.True(d.Shear == 0 && d.ElasticAlpha == 0 && d.Stroke != StrokeChange.MuchThicker));
        // Five numbers per image, as before the styles options existed: the sixth is the next image's first.
        foreach (var d in drawn)
        {
            Assert.Equal(-2.5 + (5 * b.NextDouble()), d.ShiftX);
            Skip(b, 4);
        }
    }

    [Fact]
    public void The_styles_options_draw_shears_elastic_fields_and_much_thicker_strokes_within_their_ranges()
    {
        var options = AugmentationOptions.Styles;
        var source = new Random(5);

        var drawn = Enumerable.Range(0, 2000).Select(_ => Distortion.Draw(options, source, Size, Size)).ToArray();

        Assert.All(drawn, d => Assert.InRange(Math.Atan(Math.Abs(d.Shear)) * 180 / Math.PI, 0, options.MaxShearDegrees + 1e-9));
        Assert.InRange(drawn.Count(d => Math.Abs(d.Shear) > Math.Tan(options.MaxShearDegrees / 2 * Math.PI / 180)), 800, 1200);
        Assert.All(drawn, d => Assert.Equal(options.ElasticAlpha, d.ElasticAlpha));
        Assert.True(drawn.Select(d => d.ElasticSeed).Distinct().Count() > 1990);
        Assert.InRange(drawn.Count(d => d.Stroke == StrokeChange.MuchThicker), 60, 180); // 0.1 of the 60% left unchanged
    }

    [Fact]
    public void The_mixed_options_give_the_styles_to_about_half_the_examples_and_the_default_distortions_to_the_rest()
    {
        var source = new Random(5);

        var drawn = Enumerable.Range(0, 2000).Select(_ => Distortion.Draw(AugmentationOptions.Mixed, source, Size, Size)).ToArray();

        var styled = drawn.Where(d => d.ElasticAlpha > 0).ToArray();
        Assert.InRange(styled.Length, 900, 1100);
        Assert.All(drawn.Except(styled), d => Assert.True(d.Shear == 0 && d.Stroke != StrokeChange.MuchThicker));
        Assert.Contains(styled, d => d.Stroke == StrokeChange.MuchThicker);
        Assert.Contains("share 0.5", AugmentationOptions.Mixed.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("share", AugmentationOptions.Styles.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_shear_slants_the_vertical_bar_and_keeps_its_ink()
    {
        var bar = Bar();

        var slanted = Apply(Distortion.Identity with { Shear = Math.Tan(20 * Math.PI / 180) }, bar);

        // Source x = x + tan(20°)·(y − 13.5): the top rows move right, the bottom rows left.
        Assert.True(CentreOfMass(TopRows(slanted)).X > CentreOfMass(TopRows(bar)).X + 1.5);
        Assert.Equal(bar.Sum(), slanted.Sum(), bar.Sum() * 0.05);
    }

    [Fact]
    public void An_elastic_field_is_smooth_of_the_asked_strength_and_the_same_for_the_same_seed()
    {
        var (x, y) = ElasticField.Draw(seed: 3, alpha: 34, sigma: 4, Size, Size);

        Assert.Equal(x, ElasticField.Draw(3, 34, 4, Size, Size).X);
        Assert.NotEqual(x, ElasticField.Draw(4, 34, 4, Size, Size).X);
        var mean = x.Concat(y).Average(Math.Abs);
        Assert.InRange(mean, 0.5, 4); // α × a smoothed uniform field: a pixel or two, as Simard's
        var neighbours = Enumerable.Range(0, Size - 1).Average(i => Math.Abs(x[(14 * Size) + i + 1] - x[(14 * Size) + i]));
        Assert.True(neighbours < mean / 3, $"neighbouring displacements differ by {neighbours}, the field by {mean}");
    }

    [Fact]
    public void An_elastic_distortion_bends_the_bar_but_keeps_about_its_ink()
    {
        var bar = Bar();

        var bent = Apply(Distortion.Identity with { ElasticAlpha = 34, ElasticSigma = 4, ElasticSeed = 11 }, bar);

        Assert.NotEqual(bar, bent);
        Assert.Equal(bar.Sum(), bent.Sum(), bar.Sum() * 0.35);
    }

    [Fact]
    public void A_much_thicker_stroke_is_two_rounds_of_thicker()
    {
        var bar = Bar();

        var once = Apply(Distortion.Identity with { Stroke = StrokeChange.Thicker }, bar);
        var twice = Apply(Distortion.Identity with { Stroke = StrokeChange.Thicker }, once);

        Assert.Equal(twice, Apply(Distortion.Identity with { Stroke = StrokeChange.MuchThicker }, bar));
    }

    [Fact]
    public void A_blocky_black_and_white_coarsening_to_half_the_size_gives_back_a_bar_of_whole_pixel_pairs()
    {
        var bar = Bar();

        var coarse = Apply(Distortion.Identity with { Coarsening = new Coarsening(14, 2, 0.5, Smooth: false) }, bar);

        Assert.Equal(bar, coarse);
    }

    [Fact]
    public void A_coarsening_to_seven_pixels_makes_four_pixel_blocks_of_few_grey_levels_with_full_ink()
    {
        var blurred = Apply(Distortion.Identity with { RotationRadians = 0.3, ShiftX = 0.5 }, Bar());

        var coarse = Apply(Distortion.Identity with { Coarsening = new Coarsening(7, 4, 0.5, Smooth: false) }, blurred);

        Assert.Equal(1f, coarse.Max());
        Assert.InRange(coarse.Distinct().Count(), 2, 4);
        for (var i = 0; i < coarse.Length; i++)
        {
            var (x, y) = (i % Size, i / Size);
            Assert.Equal(coarse[((y / 4 * 4) * Size) + (x / 4 * 4)], coarse[i]);
        }
    }

    [Fact]
    public void A_smooth_coarsening_blurs_the_edges_and_keeps_the_bar_where_it_was()
    {
        var bar = Bar();

        var coarse = Apply(Distortion.Identity with { Coarsening = new Coarsening(10, 0, 0.5, Smooth: true) }, bar);

        Assert.Equal(1f, coarse.Max(), 3);
        Assert.True(coarse.Count(v => v is > 0.05f and < 0.95f) > 20, "no grey edge");
        var (x, y) = CentreOfMass(coarse);
        Assert.InRange(x, 13.0, 14.0);
        Assert.InRange(y, 13.0, 14.0);
    }

    [Fact]
    public void A_low_threshold_draws_thicker_black_and_white_strokes_than_a_high_one()
    {
        var blurred = Apply(Distortion.Identity with { Scale = 0.9, RotationRadians = 0.2 }, Bar());

        var thick = Apply(Distortion.Identity with { Coarsening = new Coarsening(12, 2, 0.3, Smooth: false) }, blurred);
        var thin = Apply(Distortion.Identity with { Coarsening = new Coarsening(12, 2, 0.7, Smooth: false) }, blurred);

        Assert.True(thick.Sum() > thin.Sum() * 1.2, $"{thick.Sum()} vs {thin.Sum()}");
        Assert.True(thin.Sum() > 0);
    }

    [Fact]
    public void The_low_resolution_options_coarsen_about_a_third_of_the_examples_within_their_ranges()
    {
        var options = AugmentationOptions.LowResolution;
        var source = new Random(5);

        var drawn = Enumerable.Range(0, 2000).Select(_ => Distortion.Draw(options, source, Size, Size)).ToArray();

        var coarse = drawn.Where(d => d.Coarsening is not null).Select(d => d.Coarsening!.Value).ToArray();
        Assert.InRange(coarse.Length, 500, 700);
        Assert.All(coarse, c => Assert.InRange(c.Side, options.MinCoarseSide, options.MaxCoarseSide));
        Assert.All(coarse, c => Assert.True(c.Levels is 0 or (>= 2 and <= 17)));
        Assert.InRange(coarse.Count(c => c.Levels == 2), 150, 250);
        Assert.InRange(coarse.Count(c => c.Smooth), 250, 350);
        Assert.All(drawn, d => Assert.True(d.Shear == 0 && d.ElasticAlpha == 0));
        Assert.Contains("low resolution", options.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("low resolution", AugmentationOptions.Default.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_flip_mirrors_the_columns_and_a_flip_of_a_flip_is_the_identity()
    {
        var image = Enumerable.Range(0, Size * Size).Select(i => (float)i).ToArray();
        var flip = Distortion.Identity with { FlipHorizontally = true };

        var mirrored = Apply(flip, image);

        Assert.Equal(27f, mirrored[0]);
        Assert.Equal((5 * Size) + 0f, mirrored[(5 * Size) + 27]);
        Assert.Equal(image, Apply(flip, mirrored));
    }

    [Fact]
    public void A_flip_then_a_whole_pixel_shift_reads_every_pixel_exactly()
    {
        var image = Enumerable.Range(0, Size * Size).Select(i => (float)i).ToArray();

        var moved = Apply(Distortion.Identity with { FlipHorizontally = true, ShiftX = 2, ShiftY = -1 }, image);

        // Target (x, y) reads the mirrored image at (x − 2, y + 1), i.e. the source at (27 − x + 2, y + 1); zero outside.
        Assert.Equal((4 * Size) + 27f, moved[(3 * Size) + 2]);
        Assert.Equal((4 * Size) + 2f, moved[(3 * Size) + 27]);
        Assert.Equal(0f, moved[(3 * Size) + 1]);
        Assert.Equal(0f, moved[(27 * Size) + 10]);
        Assert.All(moved, v => Assert.Equal(v, MathF.Round(v)));
    }

    [Fact]
    public void An_erased_region_clears_exactly_its_rectangle()
    {
        var image = Enumerable.Repeat(1f, Size * Size).ToArray();

        var erased = Apply(Distortion.Identity with { Erased = new ErasedRegion(3, 5, 4, 2) }, image);

        Assert.Equal((Size * Size) - 8, erased.Sum());
        Assert.Equal(0f, erased[(5 * Size) + 3]);
        Assert.Equal(0f, erased[(6 * Size) + 6]);
        Assert.Equal(1f, erased[(7 * Size) + 3]);
        Assert.Equal(1f, erased[(5 * Size) + 7]);
    }

    [Fact]
    public void The_clothing_options_flip_about_half_and_shift_by_whole_pixels_only_without_other_distortions()
    {
        var options = AugmentationOptions.Clothing;
        var source = new Random(5);

        var drawn = Enumerable.Range(0, 2000).Select(_ => Distortion.Draw(options, source, Size, Size)).ToArray();

        Assert.InRange(drawn.Count(d => d.FlipHorizontally), 900, 1100);
        Assert.Equal([-2.0, -1, 0, 1, 2], drawn.Select(d => d.ShiftX).Concat(drawn.Select(d => d.ShiftY)).Distinct().Order());
        Assert.All(drawn.GroupBy(d => d.ShiftX), shift => Assert.InRange(shift.Count(), 330, 470)); // 400 each
        Assert.All(drawn, d => Assert.True(d.RotationRadians == 0 && d.Scale == 1 && d.Stroke == StrokeChange.None && d.Shear == 0 && d.Erased is null));
        Assert.Equal("horizontal flip with p=0.5, shift ±2px in whole pixels", options.Describe());
    }

    [Fact]
    public void The_clothing_erasing_options_erase_about_half_the_examples_with_rectangles_inside_the_image_and_the_area_range()
    {
        var options = AugmentationOptions.ClothingErasing;
        var source = new Random(5);

        var erased = Enumerable.Range(0, 2000).Select(_ => Distortion.Draw(options, source, Size, Size).Erased).OfType<ErasedRegion>().ToArray();

        Assert.InRange(erased.Length, 900, 1100);
        Assert.All(erased, r => Assert.True(r.X >= 0 && r.Y >= 0 && r.X + r.Width <= Size && r.Y + r.Height <= Size, r.ToString()));
        Assert.All(erased, r => Assert.InRange(r.Width * r.Height, 0.5 * options.MinErasedArea * Size * Size, 1.3 * options.MaxErasedArea * Size * Size));
        Assert.Contains(erased, r => r.Width > 2 * r.Height);
        Assert.Contains(erased, r => r.Height > 2 * r.Width);
    }

    [Fact]
    public void A_clothing_batch_is_the_same_for_the_same_seed_epoch_and_batch_and_keeps_the_pixel_values()
    {
        var image = Enumerable.Range(0, Size * Size).Select(i => (float)i).ToArray();
        float[] Batch(int seed, int epoch, int batch)
        {
            var pixels = Enumerable.Repeat(image, 8).SelectMany(x => x).ToArray();
            ImageAugmentation.ApplyToBatch(AugmentationOptions.ClothingErasing, pixels, 8, Size, Size, 1, seed, epoch, batch);
            return pixels;
        }

        Assert.Equal(Batch(1, 2, 3), Batch(1, 2, 3));
        Assert.NotEqual(Batch(1, 2, 3), Batch(1, 2, 4));
        Assert.NotEqual(Batch(1, 2, 3), Batch(2, 2, 3));
        Assert.All(Batch(1, 2, 3), v => Assert.True(v == 0 || image.Contains(v))); // moved, never interpolated
    }

    [Fact]
    public void The_digit_recipes_describe_themselves_as_before()
    {
        Assert.Equal("shift ±2.5px, rotation ±12°, scale 0.85–1.15, stroke ±1px with p=0.2 each", AugmentationOptions.Default.Describe());
        Assert.Equal(
            "shift ±2.5px, rotation ±12°, scale 0.85–1.15, stroke ±1px with p=0.2 each, shear ±10°, elastic α=24 σ=4, stroke +2px with p=0.1",
            AugmentationOptions.Styles.Describe());
    }

    [Fact]
    public void Whole_pixel_shifts_need_a_whole_maximum()
    {
        var error = Assert.Throws<ArgumentException>(() => (AugmentationOptions.Clothing with { MaxShift = 2.5 }).Validate());

        Assert.Contains("shift ±2.5px in whole pixels", error.Message, StringComparison.Ordinal);
    }

    private static float[] TopRows(float[] image) => image.Select((v, i) => i / Size < 10 ? v : 0f).ToArray();

    private static void Skip(Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            random.NextDouble();
        }
    }
}

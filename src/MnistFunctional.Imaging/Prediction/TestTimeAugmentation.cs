using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Augmentation;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>
/// Test-time augmentation: a model reads each normalised 28×28 picture several times, slightly changed (the
/// <see cref="Variants"/>: the same <see cref="Distortion"/>s training augments with), and the mean of its
/// probabilities is the prediction. Costs one forward pass per variant.
/// </summary>
public sealed record TestTimeAugmentation(string Name, ImmutableArray<Distortion> Variants)
{
    /// <summary>The picture as it is: one forward pass.</summary>
    public static TestTimeAugmentation None { get; } = new("none", [Distortion.Identity]);

    /// <summary>The picture and the picture moved by one pixel left, right, up and down.</summary>
    public static TestTimeAugmentation Shifts { get; } = new("shifts", [Distortion.Identity, Shift(-1, 0), Shift(1, 0), Shift(0, -1), Shift(0, 1)]);

    /// <summary>The picture, its strokes about one pixel thicker, and one pixel thinner.</summary>
    public static TestTimeAugmentation Strokes { get; } = new("strokes", [Distortion.Identity, Stroke(StrokeChange.Thicker), Stroke(StrokeChange.Thinner)]);

    /// <summary>The picture and the picture turned 8° either way.</summary>
    public static TestTimeAugmentation Rotations { get; } = new("rotations", [Distortion.Identity, Turn(-8), Turn(8)]);

    /// <summary>The picture, its four one-pixel shifts, and its thicker and thinner strokes.</summary>
    public static TestTimeAugmentation ShiftsAndStrokes { get; } = new("shifts-strokes", [.. Shifts.Variants, .. Strokes.Variants.Skip(1)]);

    public static ImmutableArray<TestTimeAugmentation> All { get; } = [None, Shifts, Strokes, Rotations, ShiftsAndStrokes];

    /// <exception cref="ArgumentException">No test-time augmentation has that name (the message lists them).</exception>
    public static TestTimeAugmentation Named(string name) =>
        All.FirstOrDefault(tta => string.Equals(tta.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No test-time augmentation is called '{name}'; there are {string.Join(", ", All.Select(t => t.Name))}.", nameof(name));

    /// <summary>The model that reads every variant of each picture and returns the mean of the probabilities.</summary>
    public Func<Matrix<float>, Matrix<float>> Wrap(Func<Matrix<float>, Matrix<float>> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Variants is [var only] && only == Distortion.Identity ? model : images => MeanOfGroups(model(Expand(images)), Variants.Length);
    }

    /// <summary>
    /// Every variant of each picture: a (784 × n) matrix of pictures, one per column, becomes (784 × n·k), the k variants
    /// of picture i in columns i·k to i·k + k − 1.
    /// </summary>
    public Matrix<float> Expand(Matrix<float> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.RowCount != MnistImage.PixelCount)
        {
            throw new ArgumentException($"Pictures have {MnistImage.PixelCount} rows, not {images.RowCount}.", nameof(images));
        }

        var source = images.AsColumnMajorArray() ?? images.ToColumnMajorArray();
        var count = Variants.Length;
        var expanded = new float[source.Length * count];
        for (var i = 0; i < images.ColumnCount; i++)
        {
            var picture = source.AsSpan(i * MnistImage.PixelCount, MnistImage.PixelCount);
            for (var v = 0; v < count; v++)
            {
                var target = expanded.AsSpan(((i * count) + v) * MnistImage.PixelCount, MnistImage.PixelCount);
                if (Variants[v] == Distortion.Identity)
                {
                    picture.CopyTo(target);
                }
                else
                {
                    ImageAugmentation.Apply(Variants[v], picture, target, MnistImage.Size, MnistImage.Size, 1);
                }
            }
        }

        return Matrix<float>.Build.Dense(MnistImage.PixelCount, images.ColumnCount * count, expanded);
    }

    /// <summary>The mean of each group of <paramref name="groupSize"/> consecutive columns: (classes × n·k) becomes (classes × n).</summary>
    public static Matrix<float> MeanOfGroups(Matrix<float> probabilities, int groupSize)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 1);
        if (probabilities.ColumnCount % groupSize != 0)
        {
            throw new ArgumentException($"{probabilities.ColumnCount} columns are not whole groups of {groupSize}.", nameof(probabilities));
        }

        var classes = probabilities.RowCount;
        var values = probabilities.AsColumnMajorArray() ?? probabilities.ToColumnMajorArray();
        var mean = new float[values.Length / groupSize];
        for (var column = 0; column < values.Length / classes; column++)
        {
            var group = column / groupSize;
            for (var c = 0; c < classes; c++)
            {
                mean[(group * classes) + c] += values[(column * classes) + c] / groupSize;
            }
        }

        return Matrix<float>.Build.Dense(classes, probabilities.ColumnCount / groupSize, mean);
    }

    private static Distortion Shift(int x, int y) => Distortion.Identity with { ShiftX = x, ShiftY = y };

    private static Distortion Stroke(StrokeChange change) => Distortion.Identity with { Stroke = change };

    private static Distortion Turn(double degrees) => Distortion.Identity with { RotationRadians = degrees * Math.PI / 180 };
}

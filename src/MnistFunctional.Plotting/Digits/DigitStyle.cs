using ScottPlot;

namespace MnistFunctional.Plotting.Digits;

/// <summary>How <see cref="DigitDrawing"/> draws a digit: canvas, placement, pen, colours, noise and file format.</summary>
public sealed record DigitStyle
{
    public static DigitStyle Default { get; } = new();

    public int Width { get; init; } = 200;

    public int Height { get; init; } = 200;

    /// <summary>The digit's centre, as fractions of the canvas width and height.</summary>
    public float CenterX { get; init; } = 0.5f;

    public float CenterY { get; init; } = 0.5f;

    /// <summary>The digit's height as a fraction of the canvas height.</summary>
    public float DigitHeight { get; init; } = 0.7f;

    /// <summary>The pen's width as a fraction of the digit's height.</summary>
    public float StrokeWidth { get; init; } = 0.1f;

    /// <summary>Horizontal shear: positive leans the top of the digit to the right.</summary>
    public float Slant { get; init; }

    public Color Ink { get; init; } = Colors.Black;

    /// <summary>The background; a transparent colour gives a transparent PNG.</summary>
    public Color Paper { get; init; } = Colors.White;

    /// <summary>Standard deviation of Gaussian noise added to every pixel, in 0–255 units (0 for none).</summary>
    public float Noise { get; init; }

    public DigitFileFormat Format { get; init; } = DigitFileFormat.Png;

    /// <summary>JPEG quality, 1–100.</summary>
    public int Quality { get; init; } = 90;

    /// <summary>Seeds the noise, so the same style gives the same bytes.</summary>
    public int Seed { get; init; }
}

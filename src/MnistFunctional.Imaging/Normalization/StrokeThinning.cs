namespace MnistFunctional.Imaging.Normalization;

/// <summary>
/// Brings strokes that would come out thicker than MNIST's back to its width. A felt pen whose strokes are a fifth of
/// the digit's height fills an 8's loops once scaled to 20 pixels; thinned, the loops stay open. The thinned ink is
/// the erosion of the ink by a disc (which keeps every shape, holes included, where the stroke is as wide as the
/// median) joined with the skeleton redrawn with a round pen (which keeps the thinner parts of a stroke that the
/// erosion would cut). Ink wider than a stroke can be (a blob, a filled-in loop) is left as drawn: thinning would
/// turn it into a stick.
/// </summary>
public static class StrokeThinning
{
    /// <summary>Crops longer than this are shrunk first: the thinning's cost stays bounded, and thick strokes stay many pixels wide.</summary>
    public const int WorkingSide = 160;

    /// <summary>
    /// The crop with its strokes redrawn <paramref name="targetWidth"/> pixels wide at the 20-pixel scale
    /// (<paramref name="boxSize"/> for the longer side), and cropped to the redrawn ink; the crop itself when its
    /// strokes are at most <paramref name="maximumWidth"/> wide at that scale, or wider than <paramref name="blobWidth"/>.
    /// </summary>
    public static (float[] Crop, int Width, int Height) Apply(float[] crop, int width, int height, int boxSize, double maximumWidth, double targetWidth, double blobWidth)
    {
        var shrink = Math.Min(1.0, WorkingSide / (double)Math.Max(width, height));
        var (smallWidth, smallHeight) = (Math.Max(1, (int)Math.Round(width * shrink)), Math.Max(1, (int)Math.Round(height * shrink)));
        var small = shrink < 1 ? Resampler.Resize(crop, width, height, smallWidth, smallHeight) : crop;
        var mask = Array.ConvertAll(small, v => v >= 0.5f);
        var skeleton = Skeleton.Thin(mask, smallWidth, smallHeight);
        var scale = boxSize / (double)Math.Max(smallWidth, smallHeight);
        var distance = DistanceTransform.ToBackground(mask, smallWidth, smallHeight);
        if (StrokeWidth.AlongSkeleton(skeleton, distance) is not { } stroke || stroke * scale <= maximumWidth || stroke * scale > blobWidth)
        {
            return (crop, width, height);
        }

        // A pixel survives an erosion by a disc of radius r when it lies further than r from the background: eroding
        // by (w − t)/2 leaves a stroke of the median width w exactly t wide.
        var erosion = (stroke - (targetWidth / scale)) / 2;
        var thinned = Redraw(skeleton, smallWidth, smallHeight, radius: Math.Max(0.5, ((targetWidth / scale) - 1) / 2));
        for (var i = 0; i < thinned.Length; i++)
        {
            if (distance[i] > erosion)
            {
                thinned[i] = 1f;
            }
        }

        return CropToInk(thinned, smallWidth, smallHeight);
    }

    /// <summary>A disc of <paramref name="radius"/> pixels around every skeleton pixel (a pixel of width 1 for radius 0.5).</summary>
    public static float[] Redraw(ReadOnlySpan<bool> skeleton, int width, int height, double radius)
    {
        var reach = (int)Math.Ceiling(radius);
        var drawn = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (!skeleton[(y * width) + x])
                {
                    continue;
                }

                for (var dy = -reach; dy <= reach; dy++)
                {
                    for (var dx = -reach; dx <= reach; dx++)
                    {
                        if ((dx * dx) + (dy * dy) <= radius * radius && x + dx >= 0 && y + dy >= 0 && x + dx < width && y + dy < height)
                        {
                            drawn[((y + dy) * width) + x + dx] = 1f;
                        }
                    }
                }
            }
        }

        return drawn;
    }

    private static (float[] Crop, int Width, int Height) CropToInk(float[] ink, int width, int height)
    {
        var (left, top, right, bottom) = (width, height, -1, -1);
        for (var i = 0; i < ink.Length; i++)
        {
            if (ink[i] > 0)
            {
                (left, top) = (Math.Min(left, i % width), Math.Min(top, i / width));
                (right, bottom) = (Math.Max(right, i % width), Math.Max(bottom, i / width));
            }
        }

        if (right < 0)
        {
            return (ink, width, height);
        }

        var (cropWidth, cropHeight) = (right - left + 1, bottom - top + 1);
        var crop = new float[cropWidth * cropHeight];
        for (var y = 0; y < cropHeight; y++)
        {
            ink.AsSpan(((top + y) * width) + left, cropWidth).CopyTo(crop.AsSpan(y * cropWidth, cropWidth));
        }

        return (crop, cropWidth, cropHeight);
    }
}

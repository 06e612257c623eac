using MathNet.Numerics.LinearAlgebra;

namespace MnistFunctional.Backend;

/// <summary>Max pooling with window = stride; backward routes each gradient to exactly one input.</summary>
public static class PoolKernels
{
    public static Matrix<float> Forward(PoolGeometry g, Matrix<float> input)
    {
        var batch = input.ColumnCount;
        var x = Storage.Of(input);
        var output = new float[g.OutSize * batch];
        for (var b = 0; b < batch; b++)
        {
            var inBase = b * g.InSize;
            var outIndex = b * g.OutSize;
            for (var y = 0; y < g.OutHeight; y++)
            {
                for (var xo = 0; xo < g.OutWidth; xo++)
                {
                    for (var c = 0; c < g.Channels; c++)
                    {
                        output[outIndex++] = x[inBase + ArgMax(g, x, inBase, y, xo, c)];
                    }
                }
            }
        }

        return Storage.Matrix(g.OutSize, batch, output);
    }

    public static Matrix<float> Backward(PoolGeometry g, Matrix<float> input, Matrix<float> outputGradient)
    {
        var batch = input.ColumnCount;
        var x = Storage.Of(input);
        var dy = Storage.Of(outputGradient);
        var dx = new float[g.InSize * batch];
        for (var b = 0; b < batch; b++)
        {
            var inBase = b * g.InSize;
            var outIndex = b * g.OutSize;
            for (var y = 0; y < g.OutHeight; y++)
            {
                for (var xo = 0; xo < g.OutWidth; xo++)
                {
                    for (var c = 0; c < g.Channels; c++)
                    {
                        dx[inBase + ArgMax(g, x, inBase, y, xo, c)] = dy[outIndex++];
                    }
                }
            }
        }

        return Storage.Matrix(g.InSize, batch, dx);
    }

    /// <summary>Offset (within the example) of the window's maximum; the first one in scan order wins ties.</summary>
    private static int ArgMax(PoolGeometry g, float[] x, int inBase, int y, int xo, int c)
    {
        var best = ((y * g.Window * g.InWidth) + (xo * g.Window)) * g.Channels + c;
        var bestValue = x[inBase + best];
        for (var wy = 0; wy < g.Window; wy++)
        {
            for (var wx = 0; wx < g.Window; wx++)
            {
                var offset = ((((y * g.Window) + wy) * g.InWidth) + (xo * g.Window) + wx) * g.Channels + c;
                if (x[inBase + offset] > bestValue)
                {
                    bestValue = x[inBase + offset];
                    best = offset;
                }
            }
        }

        return best;
    }
}

using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace MnistFunctional.Backend;

/// <summary>
/// Max pooling with window = stride (floor division drops the last rows/columns). Channels are contiguous
/// (channels last), so each output pixel is the element-wise maximum of the window's channel vectors.
/// Backward routes each gradient to exactly one input: the first window position, in scan order, holding
/// the maximum.
/// </summary>
public static class PoolKernels
{
    public static Matrix<float> Forward(PoolGeometry g, Matrix<float> input)
    {
        var batch = input.ColumnCount;
        var x = Storage.Of(input);
        var output = new float[g.OutSize * batch];
        int c = g.Channels, w = g.Window;
        for (var b = 0; b < batch; b++)
        {
            var image = x.AsSpan(b * g.InSize, g.InSize);
            var result = output.AsSpan(b * g.OutSize, g.OutSize);
            for (var y = 0; y < g.OutHeight; y++)
            {
                for (var xo = 0; xo < g.OutWidth; xo++)
                {
                    var target = result.Slice(((y * g.OutWidth) + xo) * c, c);
                    image.Slice(Offset(g, y * w, xo * w), c).CopyTo(target);
                    for (var wy = 0; wy < w; wy++)
                    {
                        for (var wx = wy == 0 ? 1 : 0; wx < w; wx++)
                        {
                            TensorPrimitives.Max(target, image.Slice(Offset(g, (y * w) + wy, (xo * w) + wx), c), target);
                        }
                    }
                }
            }
        }

        return Storage.Matrix(g.OutSize, batch, output);
    }

    public static Matrix<float> Backward(PoolGeometry g, Matrix<float> input, Matrix<float> output, Matrix<float> outputGradient)
    {
        var batch = input.ColumnCount;
        var x = Storage.Of(input);
        var y0 = Storage.Of(output);
        var dy = Storage.Of(outputGradient);
        var dx = new float[g.InSize * batch];
        int c = g.Channels, w = g.Window;
        for (var b = 0; b < batch; b++)
        {
            var image = x.AsSpan(b * g.InSize, g.InSize);
            var gradient = dx.AsSpan(b * g.InSize, g.InSize);
            for (var y = 0; y < g.OutHeight; y++)
            {
                for (var xo = 0; xo < g.OutWidth; xo++)
                {
                    var at = (b * g.OutSize) + (((y * g.OutWidth) + xo) * c);
                    for (var channel = 0; channel < c; channel++)
                    {
                        var max = y0[at + channel];
                        var routed = false;
                        for (var wy = 0; wy < w && !routed; wy++)
                        {
                            for (var wx = 0; wx < w; wx++)
                            {
                                var offset = Offset(g, (y * w) + wy, (xo * w) + wx) + channel;
                                if (image[offset] == max)
                                {
                                    gradient[offset] = dy[at + channel];
                                    routed = true;
                                    break;
                                }
                            }
                        }
                    }
                }
            }
        }

        return Storage.Matrix(g.InSize, batch, dx);
    }

    private static int Offset(PoolGeometry g, int row, int column) => ((row * g.InWidth) + column) * g.Channels;
}

using System.Runtime.Intrinsics;
using MnistFunctional.Backend;

namespace MnistFunctional.Tests.Backend;

/// <summary>
/// The routing a max pooling over a ReLU output records: for every pooled value, the window position its backward
/// (<see cref="PoolKernels.Backward"/> with <c>reluInput</c>) sends the gradient to, or nowhere — with ties, zeros,
/// uncovered edges and 3×3 windows; recorded by the forward and found afterwards from the pooled values alike.
/// </summary>
public class PoolRoutingTests
{
    [Theory]
    [InlineData(11, 11, 64, 2, 2)]
    [InlineData(7, 9, 16, 2, 3)]
    [InlineData(9, 7, 48, 3, 2)]
    public void Names_the_position_the_backward_routes_to(int height, int width, int channels, int window, int batch)
    {
        var g = new PoolGeometry(height, width, channels, window);
        Assert.Equal(Vector512.IsHardwareAccelerated, PoolRouting.Applies(g));
        if (!PoolRouting.Applies(g))
        {
            return;
        }

        // A ReLU output on a coarse grid: zeros (whole windows of them), and ties the backward breaks in scan order.
        var input = TestData.Uniform(g.InSize, batch, 5).Map(v => MathF.Max(0f, MathF.Round((v * 4f) - 1.5f))).AsColumnMajorArray();
        var (pooled, recorded, found) = (new float[g.OutSize * batch], new byte[g.OutSize * batch], new byte[g.OutSize * batch]);
        PoolKernels.Forward(g, input, batch, pooled, recorded);
        PoolRouting.Record(g, input, pooled, batch, found);

        var expected = new float[g.OutSize * batch];
        PoolKernels.Forward(g, input, batch, expected);
        Assert.Equal(expected, pooled);
        Assert.Equal(recorded, found);
        Assert.Contains(recorded, code => code == PoolRouting.Nowhere);

        // Each pooled value's gradient is its own index + 1: where the backward puts it names the position.
        var gradient = Enumerable.Range(1, g.OutSize * batch).Select(i => (float)i).ToArray();
        var routed = new float[g.InSize * batch];
        PoolKernels.Backward(g, input, pooled, gradient, batch, routed, reluInput: true);
        for (var at = 0; at < recorded.Length; at++)
        {
            var (b, rest) = Math.DivRem(at, g.OutSize);
            var (position, channel) = Math.DivRem(rest, channels);
            var (y, x) = Math.DivRem(position, g.OutWidth);
            var positions = Enumerable.Range(0, window * window)
                .Where(cell => routed[(b * g.InSize) + (((((y * window) + (cell / window)) * width) + (x * window) + (cell % window)) * channels) + channel] == at + 1)
                .ToList();
            Assert.Equal(recorded[at] == PoolRouting.Nowhere ? [] : [recorded[at]], positions);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_window_holding_NaN_routes_nowhere_and_pools_to_NaN_in_both_passes(int window)
    {
        var g = new PoolGeometry(2 * window, 2 * window, 16, window);
        if (!PoolRouting.Applies(g))
        {
            return;
        }

        // Channel 3 of the first window holds a NaN (at its last position); everything else is positive.
        var input = Enumerable.Range(0, g.InSize).Select(i => 1f + (i % 7)).ToArray();
        input[(((window - 1) * g.InWidth) + window - 1) * 16 + 3] = float.NaN;
        var (pooled, recorded, found) = (new float[g.OutSize], new byte[g.OutSize], new byte[g.OutSize]);
        PoolKernels.Forward(g, input, 1, pooled, recorded);
        PoolRouting.Record(g, input, pooled, 1, found);

        Assert.True(float.IsNaN(pooled[3]));
        Assert.Equal(PoolRouting.Nowhere, recorded[3]);
        Assert.Equal(recorded, found);
        Assert.Equal(1, recorded.Count(code => code == PoolRouting.Nowhere));
    }
}

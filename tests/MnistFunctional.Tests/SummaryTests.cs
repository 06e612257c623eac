using MnistFunctional.Models;
using MnistFunctional.Reporting;
using MnistFunctional.Tests.Snapshots;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Tests;

public class SummaryTests
{
    [Fact]
    public void Seed_model_summary_matches_the_Keras_table()
    {
        var table = ModelSummary.Render(nameof(MnistCnn), MnistCnn.Architecture);

        Assert.Contains("Total params: 93,322", table, StringComparison.Ordinal);
        ReadableSnapshot.Match(table);
    }

    [Fact]
    public void A_residual_network_lists_inner_layers_and_additions_with_the_layers_they_read()
    {
        var table = ModelSummary.Render(nameof(ResidualNet), ResidualNet.Architecture);

        Assert.Contains(" Add3 (Add + Tanh)", table, StringComparison.Ordinal);
        Assert.Matches(@"\n Conv7 \(Conv\) +\(None, 4, 4, 6\) +30 +Add2\n", table);
        Assert.Matches(@"\n Add3 \(Add \+ Tanh\) +\(None, 4, 4, 6\) +0 +Conv6, Conv7\n", table);
        Assert.Contains($"Total params: {ResidualNet.Architecture.Describe().Sum(layer => layer.ParameterCount):N0}", table, StringComparison.Ordinal);
        ReadableSnapshot.Match(table);
    }

    [Fact]
    public void BatchNorm_counts_its_four_tensors_and_its_moving_statistics_apart_as_non_trainable_as_Keras_does()
    {
        var table = ModelSummary.Render(nameof(TestNetworks.BatchNormNet), TestNetworks.BatchNormNet.Architecture);

        // Keras: Conv 40, BatchNormalization 4·4 = 16, Dense 36·6 + 6 = 222, BatchNormalization 4·6 = 24, Dense 21.
        Assert.Contains(" BatchNorm1 (BatchNorm)       (None, 6, 6, 4)           16\n", table, StringComparison.Ordinal);
        Assert.Contains("Total params: 323\n", table, StringComparison.Ordinal);
        Assert.Contains("Trainable params: 303\n", table, StringComparison.Ordinal);
        Assert.Contains("Non-trainable params: 20\n", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_name_longer_than_kerass_column_widens_it_and_every_row_stays_aligned()
    {
        var table = ModelSummary.Render(nameof(ResidualBatchNormNet), ResidualBatchNormNet.Architecture);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = lines.Where(line => line.StartsWith(" Layer (type)", StringComparison.Ordinal) || line.Contains(" (None, ", StringComparison.Ordinal)).ToList();

        Assert.Contains(" GlobalAvgPool1 (GlobalAvgPool) (None, 6)", table, StringComparison.Ordinal);
        Assert.Single(rows.Select(row => ShapeStart(row)).Distinct());
        Assert.Single(rows.Select(row => ParametersStart(row)).Distinct());
        Assert.All(lines.Where(line => line.All(c => c is '_' or '=')), rule => Assert.True(rule.Length >= rows.Max(row => row.Length), $"a rule of {rule.Length} above rows of {rows.Max(row => row.Length)}"));
    }

    private static int ShapeStart(string row) => row.IndexOf(row.StartsWith(" Layer", StringComparison.Ordinal) ? "Output Shape" : "(None", StringComparison.Ordinal);

    private static int ParametersStart(string row)
    {
        var end = row.StartsWith(" Layer", StringComparison.Ordinal) ? ShapeStart(row) + "Output Shape".Length : row.IndexOf(')', ShapeStart(row)) + 1;
        while (row[end] == ' ')
        {
            end++;
        }

        return end;
    }

    [Fact]
    public void Seed_model_shapes_are_those_of_the_seed()
    {
        var shapes = MnistCnn.Architecture.Describe().Skip(1).Select(layer => layer.Output.ToString());

        Assert.Equal(["(26, 26, 32)", "(13, 13, 32)", "(11, 11, 64)", "(5, 5, 64)", "(3, 3, 64)", "(576)", "(64)", "(10)"], shapes);
    }
}

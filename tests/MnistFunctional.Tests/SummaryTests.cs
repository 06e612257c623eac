using MnistFunctional.Models;
using MnistFunctional.Reporting;
using MnistFunctional.Tests.Snapshots;

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
    public void Seed_model_shapes_are_those_of_the_seed()
    {
        var shapes = MnistCnn.Architecture.Describe().Skip(1).Select(layer => layer.Output.ToString());

        Assert.Equal(["(26, 26, 32)", "(13, 13, 32)", "(11, 11, 64)", "(5, 5, 64)", "(3, 3, 64)", "(576)", "(64)", "(10)"], shapes);
    }
}

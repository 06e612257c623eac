using MnistFunctional.Tests.Data;

namespace MnistFunctional.Imaging.Tests.Cli;

public sealed class TrainAugmentOptionTests
{
    [Fact]
    public void Augment_takes_a_recipe_name_or_nothing_and_names_the_choices_for_anything_else()
    {
        var help = DigitsProcess.Run(RealMnist.RepositoryRoot, "train", "--help");
        var wrong = DigitsProcess.Run(RealMnist.RepositoryRoot, "train", "--augment", "wobbly", "--limit", "10");

        Assert.Contains("--augment styles", help.Output, StringComparison.Ordinal);
        Assert.Contains("--augment clothing", help.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("'styles'", wrong.Error + wrong.Output, StringComparison.Ordinal);
        Assert.Contains("'clothing-erasing'", wrong.Error + wrong.Output, StringComparison.Ordinal);
    }
}

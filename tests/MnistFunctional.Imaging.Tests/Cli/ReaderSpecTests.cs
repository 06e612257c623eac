using Digits.Shell;
using MnistFunctional.Imaging.Prediction;

namespace MnistFunctional.Imaging.Tests.Cli;

public sealed class ReaderSpecTests
{
    [Fact]
    public void Models_are_joined_by_plus_and_the_test_time_augmentation_follows_a_colon()
    {
        var spec = ReaderSpec.Parse("data/models/a.safetensors+b.safetensors:shifts");

        Assert.Equal(["data/models/a.safetensors", "b.safetensors"], spec.Models.ToArray());
        Assert.Equal(TestTimeAugmentation.Shifts, spec.Tta);
        Assert.Equal("a+b:shifts", spec.Label);
    }

    [Fact]
    public void A_colon_that_names_no_test_time_augmentation_is_part_of_the_path()
    {
        var spec = ReaderSpec.Parse(@"C:\models\a.safetensors");

        Assert.Equal([@"C:\models\a.safetensors"], spec.Models.ToArray());
        Assert.Equal(TestTimeAugmentation.None, spec.Tta);
    }

    [Fact]
    public void A_reader_without_a_model_file_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ReaderSpec.Parse(":shifts"));
        Assert.Contains("--reader ':shifts'", error.Message, StringComparison.Ordinal);
    }
}

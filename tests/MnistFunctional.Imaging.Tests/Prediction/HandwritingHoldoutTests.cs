using MnistFunctional.Plotting.Handwriting;

namespace MnistFunctional.Imaging.Tests.Prediction;

public sealed class HandwritingHoldoutTests
{
    [Theory]
    [InlineData("4-dkg-0.png", true)]
    [InlineData("4-dkgbi-1.png", false)]
    [InlineData("7-humor-sans-1.jpg", true)]
    [InlineData("0-becausewelearn-regular-0.png", true)]
    [InlineData("0-becausewebuild-regular-0.png", false)]
    [InlineData("1-continental-029.png", false)]
    [InlineData("1-continental-030.png", true)]
    [InlineData("3-mnist-01224.png", false)]
    [InlineData("3-mnist-01225.png", true)]
    public void A_file_is_held_out_by_its_font_or_number(string file, bool heldOut) =>
        Assert.Equal(heldOut, HandwritingHoldout.IsHeldOut(file));

    [Theory]
    [InlineData("notes.txt")]
    [InlineData("3-mnist-x.png")]
    public void A_file_not_named_as_the_sets_is_refused_by_name(string file)
    {
        var error = Assert.Throws<ArgumentException>(() => HandwritingHoldout.IsHeldOut(file));
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void About_a_fifth_of_the_set_is_held_out()
    {
        var fonts = new[] { "becausewebuild-regular", "becauseweconnect-regular", "becausewecreate-regular", "becausewelearn-regular", "becausewementor-regular", "becauseweorganize-regular", "breip", "dkg", "dkgbd", "dkgbi", "dkgit", "humor-sans", "kleeone-regular", "kleeone-semibold" };
        var names = fonts.SelectMany(font => Enumerable.Range(0, 10).Select(digit => $"{digit}-{font}-0.png"))
            .Concat(Enumerable.Range(0, 40).Select(i => $"1-continental-{i:D3}.png"))
            .Concat(Enumerable.Range(1000, 300).Select(i => $"5-mnist-{i:D5}.png"))
            .ToArray();

        Assert.InRange(names.Count(HandwritingHoldout.IsHeldOut) / (double)names.Length, 0.2, 0.3);
    }
}

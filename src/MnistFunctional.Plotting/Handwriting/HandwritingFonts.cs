namespace MnistFunctional.Plotting.Handwriting;

/// <summary>
/// The handwriting fonts of Debian's fonts-bwht, fonts-dkg-handwriting, fonts-breip, fonts-klee and
/// fonts-humor-sans packages (free licences), at the paths the packages install them to.
/// </summary>
public static class HandwritingFonts
{
    public const string Packages = "fonts-bwht fonts-dkg-handwriting fonts-breip fonts-klee fonts-humor-sans";

    public static IReadOnlyList<string> Files { get; } =
    [
        "/usr/share/fonts/opentype/bwht/BecauseWeBuild-Regular.otf",
        "/usr/share/fonts/opentype/bwht/BecauseWeConnect-Regular.otf",
        "/usr/share/fonts/opentype/bwht/BecauseWeCreate-Regular.otf",
        "/usr/share/fonts/opentype/bwht/BecauseWeLearn-Regular.otf",
        "/usr/share/fonts/opentype/bwht/BecauseWeMentor-Regular.otf",
        "/usr/share/fonts/opentype/bwht/BecauseWeOrganize-Regular.otf",
        "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf",
        "/usr/share/fonts/truetype/fifthhorseman/dkgBd.ttf",
        "/usr/share/fonts/truetype/fifthhorseman/dkgIt.ttf",
        "/usr/share/fonts/truetype/fifthhorseman/dkgBI.ttf",
        "/usr/share/fonts/truetype/breip/Breip.ttf",
        "/usr/share/fonts/truetype/klee/KleeOne-Regular.ttf",
        "/usr/share/fonts/truetype/klee/KleeOne-SemiBold.ttf",
        "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf",
    ];

    /// <summary>The font files, or an error naming the missing ones and the packages that install them.</summary>
    public static IReadOnlyList<string> Require()
    {
        var missing = Files.Where(f => !File.Exists(f)).ToArray();
        return missing.Length == 0
            ? Files
            : throw new FileNotFoundException($"Handwriting fonts missing: {string.Join(", ", missing)} (apt-get install {Packages}).");
    }
}

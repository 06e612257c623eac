using System.Globalization;

namespace MnistFunctional.Plotting.Handwriting;

/// <summary>
/// The part of the handwriting set kept out of every choice made with it (which model, ensemble or test-time
/// augmentation <c>predict</c> uses), so that its figures show whether a choice holds beyond the files it was made on.
/// Fixed by name before any figure was looked at: every fourth font in alphabetical order from the fourth
/// (<see cref="Fonts"/>), continental drawings 30–39 of each digit, MNIST test digits from index 1225 on.
/// </summary>
public static class HandwritingHoldout
{
    /// <summary>The held-out fonts: numbers 3, 7 and 11 of the 14 font files in alphabetical order.</summary>
    public static IReadOnlyList<string> Fonts { get; } = ["becausewelearn-regular", "dkg", "humor-sans"];

    public const int FirstContinental = 30;

    public const int FirstMnistIndex = 1225;

    /// <summary>Whether a file of the set (named <c>digit-font-variant.ext</c>, <c>digit-continental-nnn.png</c> or <c>digit-mnist-nnnnn.png</c>) is held out.</summary>
    public static bool IsHeldOut(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var first = stem.IndexOf('-', StringComparison.Ordinal);
        var last = stem.LastIndexOf('-');
        if (first < 0 || last <= first)
        {
            throw new ArgumentException($"'{fileName}' is not named as a file of the handwriting set.", nameof(fileName));
        }

        var source = stem[(first + 1)..last];
        var number = stem[(last + 1)..];
        return source switch
        {
            "continental" => Number(number, fileName) >= FirstContinental,
            "mnist" => Number(number, fileName) >= FirstMnistIndex,
            _ => Fonts.Contains(source, StringComparer.Ordinal),
        };
    }

    private static int Number(string text, string fileName) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"'{fileName}' is not named as a file of the handwriting set.", nameof(fileName));
}

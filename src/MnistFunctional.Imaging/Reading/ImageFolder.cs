using System.Collections.Immutable;

namespace MnistFunctional.Imaging.Reading;

/// <summary>The files of a folder to predict, as paths relative to it with forward slashes, in ordinal order.</summary>
public static class ImageFolder
{
    /// <summary>
    /// Every file in <paramref name="folder"/> (and its subfolders when <paramref name="recursive"/>), whatever its
    /// extension, so a file that is not an image is reported rather than silently ignored. Hidden entries (dot
    /// files such as <c>.DS_Store</c>) are left out.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static ImmutableArray<string> List(string folder, bool recursive)
    {
        Require(folder);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = recursive,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            IgnoreInaccessible = true,
        };
        return [.. Directory.EnumerateFiles(folder, "*", options)
            .Where(path => !Path.GetFileName(path).StartsWith('.'))
            .Select(path => Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];
    }

    /// <exception cref="DirectoryNotFoundException">The folder does not exist; the message names it.</exception>
    public static void Require(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(File.Exists(folder)
                ? $"'{folder}' is a file, not a folder of images."
                : $"the folder '{folder}' does not exist.");
        }
    }
}

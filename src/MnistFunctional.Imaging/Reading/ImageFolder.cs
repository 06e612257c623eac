using System.Collections.Immutable;

namespace MnistFunctional.Imaging.Reading;

/// <summary>The files of a folder to predict, as paths relative to it with forward slashes, in ordinal order.</summary>
public static class ImageFolder
{
    /// <summary>Why a subfolder that is a link is not entered.</summary>
    public const string LinkedFolder = "a link to a folder: --recursive does not follow links to folders";

    /// <summary>
    /// Every file in <paramref name="folder"/> (and its subfolders when <paramref name="recursive"/>), whatever its
    /// extension or kind, so a file that is not an image is reported rather than silently ignored. Hidden entries
    /// (dot files such as <c>.DS_Store</c>) are left out. With <paramref name="recursive"/>, a subfolder that cannot
    /// be read is listed with the reason, and a link to a folder is listed but not followed (so no folder is ever
    /// visited twice, and a link to its own folder does not repeat the files).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder itself cannot be read.</exception>
    public static ImmutableArray<FolderEntry> List(string folder, bool recursive)
    {
        Require(folder);
        var entries = ImmutableArray.CreateBuilder<FolderEntry>();
        Walk(new DirectoryInfo(folder), string.Empty, recursive, entries, isRoot: true);
        return [.. entries.OrderBy(entry => entry.File, StringComparer.Ordinal)];
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

    private static void Walk(DirectoryInfo directory, string prefix, bool recursive, ImmutableArray<FolderEntry>.Builder entries, bool isRoot)
    {
        List<FileSystemInfo> children;
        try
        {
            children = [.. directory.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false })];
        }
        catch (Exception error) when (!isRoot && error is UnauthorizedAccessException or IOException)
        {
            entries.Add(new FolderEntry(prefix, $"the folder cannot be read: {error.Message}"));
            return;
        }

        foreach (var child in children.Where(child => !child.Name.StartsWith('.')))
        {
            var relative = prefix + child.Name;
            if (child is not DirectoryInfo subfolder)
            {
                entries.Add(new FolderEntry(relative));
            }
            else if (recursive && subfolder.LinkTarget is not null)
            {
                entries.Add(new FolderEntry(relative + "/", LinkedFolder));
            }
            else if (recursive)
            {
                Walk(subfolder, relative + "/", recursive, entries, isRoot: false);
            }
        }
    }
}

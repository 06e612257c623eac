using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MnistFunctional.IO;
using TorchSharp;

namespace MnistFunctional.Torch.Native;

/// <summary>
/// Loads TorchSharp's native library before TorchSharp first calls it, patching it when this system cannot
/// load it as packaged. TorchSharp-cpu 0.107.0's <c>libLibTorchSharp.so</c> requires <c>GLIBCXX_3.4.32</c>
/// (GCC 13's libstdc++) for one symbol, <c>std::ios_base_library_init()</c>, that no relocation uses; Debian 12
/// has GLIBCXX_3.4.30, and TorchSharp then reports a misleading "doesn't contain a reference to libtorch-cpu".
/// When the packaged file does not load, a copy with its unused version requirements marked weak
/// (<see cref="ElfVersionPatch"/>) is written atomically to a cache folder (named by the original's SHA-256)
/// and loaded instead; the libraries it needs are loaded first from the package's folder (the copy's
/// <c>$ORIGIN</c> run path no longer finds them), and a DllImport resolver hands TorchSharp the copy. When that
/// fails too, the error names the file and the version the system lacks.
/// </summary>
public static class TorchSharpLoader
{
    /// <summary>Overrides the cache folder for the patched copy (default: $XDG_CACHE_HOME or ~/.cache, then /mnistfunctional/native).</summary>
    public const string CacheVariable = "MNISTFUNCTIONAL_NATIVE_CACHE";

    /// <summary>Overrides torch's thread count (default: one per core), e.g. 1 on a machine shared with other jobs.</summary>
    public const string ThreadsVariable = "MNISTFUNCTIONAL_TORCH_THREADS";

    private const string LibraryName = "LibTorchSharp";
    private const string LinuxFileName = "libLibTorchSharp.so";

    // The native library is process-wide, so loading it is a one-time fact of the process; a failure is kept
    // and reported again to every caller.
    private static readonly Lazy<TorchLoadReport> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads TorchSharp's native library (once) and sets torch to one thread per core; returns how it loaded.</summary>
    /// <exception cref="TorchLoadException">The library cannot be loaded; the message says which file and why.</exception>
    public static TorchLoadReport EnsureLoaded() => Loaded.Value;

    /// <summary>
    /// Writes the patched copy of <paramref name="library"/> into <paramref name="cacheFolder"/> (atomically, only
    /// when absent or different) and returns its path with the patch; null when nothing needs weakening.
    /// </summary>
    public static (string Path, PatchedElf Patch)? WritePatchedCopy(string library, string cacheFolder)
    {
        var original = File.ReadAllBytes(library);
        var patch = ElfVersionPatch.WeakenUnused(original, library);
        if (patch.Weakened.IsEmpty)
        {
            return null;
        }

        var key = Convert.ToHexStringLower(SHA256.HashData(original))[..16];
        var copy = Path.Combine(cacheFolder, key, Path.GetFileName(library));
        if (!File.Exists(copy) || !File.ReadAllBytes(copy).AsSpan().SequenceEqual(patch.Bytes))
        {
            AtomicFile.Write(copy, patch.Bytes, createFolder: true);
        }

        return (copy, patch);
    }

    /// <summary>The default folder for patched copies.</summary>
    public static string DefaultCacheFolder()
    {
        var explicitFolder = Environment.GetEnvironmentVariable(CacheVariable);
        if (!string.IsNullOrWhiteSpace(explicitFolder))
        {
            return Path.GetFullPath(explicitFolder);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrWhiteSpace(xdg) ? xdg : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache") : Path.GetTempPath();
        return Path.Combine(root, "mnistfunctional", "native");
    }

    /// <summary>The packaged native library TorchSharp would load, from the app's native search folders.</summary>
    public static string? FindPackagedLibrary()
    {
        var folders = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(AppContext.BaseDirectory)
            .Append(Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"))
            .Append(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"));
        return folders.Select(folder => Path.Combine(folder, LinuxFileName)).FirstOrDefault(File.Exists);
    }

    /// <summary>Turns the dynamic loader's message into the real cause: which file needs which version from where.</summary>
    public static string ExplainLoadFailure(string library, string loaderMessage)
    {
        var missing = Regex.Match(loaderMessage, @"(?<provider>[^\s:]+): version `(?<version>[^']+)' not found \(required by (?<file>[^)]+)\)");
        if (missing.Success)
        {
            var provider = missing.Groups["provider"].Value;
            return $"TorchSharp's native library cannot be loaded: {missing.Groups["file"].Value} needs symbol version {missing.Groups["version"].Value} " +
                $"from {provider}, which this system's copy does not provide (packaged library: {library}). Install a newer {Path.GetFileName(provider)} or use the mathnet backend.";
        }

        return $"TorchSharp's native library {library} cannot be loaded: {loaderMessage.Trim()}";
    }

    private static TorchLoadReport Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Initialise(typeof(torch).Assembly.Location, null, []);
        }

        var library = FindPackagedLibrary() ?? throw new TorchLoadException(
            $"TorchSharp's native library {LinuxFileName} is not in the application's native folders ({AppContext.BaseDirectory}): reference the TorchSharp-cpu package.");
        string packagedError;
        try
        {
            var handle = NativeLibrary.Load(library);
            Resolve(handle);
            return Initialise(library, null, []);
        }
        catch (DllNotFoundException error)
        {
            packagedError = error.Message;
        }

        (string Path, PatchedElf Patch)? copy;
        try
        {
            copy = WritePatchedCopy(library, DefaultCacheFolder());
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ElfFormatException)
        {
            throw new TorchLoadException($"{ExplainLoadFailure(library, packagedError)} Patching a copy failed too: {error.Message}", error);
        }

        if (copy is not { } patched)
        {
            throw new TorchLoadException($"{ExplainLoadFailure(library, packagedError)} (No version requirement of it is unused, so marking one weak cannot help.)");
        }

        PreloadDependencies(library);
        try
        {
            Resolve(NativeLibrary.Load(patched.Path));
        }
        catch (DllNotFoundException error)
        {
            throw new TorchLoadException($"{ExplainLoadFailure(library, error.Message)} (The copy {patched.Path} already marks the unused requirements weak: {string.Join(", ", patched.Patch.Weakened.Select(w => w.Version))}.)", error);
        }

        return Initialise(library, patched.Path, patched.Patch.Weakened);
    }

    /// <summary>
    /// Loads, from the packaged library's own folder, the libraries it needs that live there (libtorch…): the
    /// copy's <c>$ORIGIN</c> run path points at the cache folder, and the dynamic loader reuses libraries
    /// already loaded under the same soname.
    /// </summary>
    private static void PreloadDependencies(string library)
    {
        var folder = Path.GetDirectoryName(library)!;
        foreach (var needed in ElfVersionPatch.NeededLibraries(File.ReadAllBytes(library), library))
        {
            var path = Path.Combine(folder, needed);
            if (!File.Exists(path))
            {
                continue; // a system library (libstdc++, libc…): found by the usual search
            }

            try
            {
                NativeLibrary.Load(path);
            }
            catch (DllNotFoundException error)
            {
                throw new TorchLoadException(ExplainLoadFailure(path, error.Message), error);
            }
        }
    }

    private static void Resolve(IntPtr handle) =>
        NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, _, _) => name == LibraryName ? handle : IntPtr.Zero);

    private static TorchLoadReport Initialise(string library, string? patchedCopy, ImmutableArray<VersionRequirement> weakened)
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (NotSupportedException error)
        {
            throw new TorchLoadException($"TorchSharp did not initialise after loading {patchedCopy ?? library}: {error.Message}", error);
        }

        // Explicit, so runs are comparable: one thread per core (libtorch's default may count hyper-threads or cgroups
        // differently). On a machine busy with other jobs, fewer threads avoid OpenMP's spinning on descheduled threads.
        torch.set_num_threads(int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out var threads) && threads > 0 ? threads : Environment.ProcessorCount);
        var nnpackOff = Nnpack.DisableWhereUnsupported(Path.GetDirectoryName(library)!);
        var steadyMalloc = TorchMalloc.KeepLargeBlocks();
        return new TorchLoadReport(library, patchedCopy, weakened, torch.get_num_threads(), nnpackOff, steadyMalloc);
    }
}

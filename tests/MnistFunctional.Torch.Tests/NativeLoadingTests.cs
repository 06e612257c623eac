using System.Runtime.InteropServices;
using MnistFunctional.Torch.Native;
using TorchSharp;

namespace MnistFunctional.Torch.Tests;

/// <summary>The ELF patch on the real packaged library, and TorchSharp loading on this machine without manual steps.</summary>
public sealed class NativeLoadingTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mnf-native-" + Guid.NewGuid().ToString("N"));

    private static string PackagedLibrary => TorchSharpLoader.FindPackagedLibrary() ?? throw new InvalidOperationException("libLibTorchSharp.so is not in the test's output.");

    [Fact]
    public void TorchSharp_loads_and_computes_with_one_thread_per_core()
    {
        var report = TorchSharpLoader.EnsureLoaded();

        using var sum = torch.tensor(new float[] { 1, 2, 3 }).sum();
        Assert.Equal(6f, sum.item<float>());
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TorchSharpLoader.ThreadsVariable)))
        {
            Assert.Equal(Environment.ProcessorCount, report.Threads);
        }
        if (OperatingSystem.IsLinux())
        {
            Assert.True(report.SteadyMalloc); // glibc took the fixed thresholds (TorchMalloc)
        }

        if (report.PatchedCopy is not null)
        {
            // This system's libstdc++ lacks what the packaged file asks for (Debian 12: GLIBCXX_3.4.30 < 3.4.32).
            Assert.Contains(report.Weakened, w => w.Version == "GLIBCXX_3.4.32");
            Assert.True(File.Exists(report.PatchedCopy));
        }
    }

    [Fact]
    public void NNPACK_is_turned_off_exactly_where_libtorch_cannot_use_it()
    {
        var report = TorchSharpLoader.EnsureLoaded();
        var torchCpu = NativeLibrary.Load(Path.Combine(Path.GetDirectoryName(PackagedLibrary)!, "libtorch_cpu.so"));
        var available = Marshal.GetDelegateForFunctionPointer<BoolFunction>(NativeLibrary.GetExport(torchCpu, "_ZN2at4_ops17_nnpack_available4callEv"))();
        var context = Marshal.GetDelegateForFunctionPointer<PointerFunction>(NativeLibrary.GetExport(torchCpu, "_ZN2at13globalContextEv"))();
        var userEnabled = Marshal.GetDelegateForFunctionPointer<BoolMethod>(NativeLibrary.GetExport(torchCpu, "_ZNK2at7Context17userEnabledNNPACKEv"))(context);

        Assert.Equal(!available, report.NnpackOff);
        Assert.Equal(!report.NnpackOff, userEnabled);
        using var convolved = torch.nn.functional.conv2d(torch.ones(1, 1, 4, 4), torch.ones(2, 1, 3, 3));
        Assert.Equal(9f, convolved[0, 1, 1, 1].item<float>());
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool BoolFunction();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr PointerFunction();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool BoolMethod(IntPtr self);

    [Fact]
    public void The_packaged_library_needs_GLIBCXX_3_4_32_for_no_relocation()
    {
        var requirements = ElfVersionPatch.Requirements(File.ReadAllBytes(PackagedLibrary), PackagedLibrary);

        var glibcxx32 = Assert.Single(requirements, r => r.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", glibcxx32.Library);
        Assert.False(glibcxx32.IsWeak);
        Assert.Equal(0, glibcxx32.RelocationCount);
        Assert.Contains(requirements, r => r.Version == "GLIBCXX_3.4.30" && r.RelocationCount > 0);
    }

    [Fact]
    public void The_patch_marks_exactly_that_requirement_weak_and_changes_nothing_else()
    {
        var original = File.ReadAllBytes(PackagedLibrary);

        var patch = ElfVersionPatch.WeakenUnused(original, PackagedLibrary);

        Assert.Equal(["GLIBCXX_3.4.32"], patch.Weakened.Select(w => w.Version));
        var before = ElfVersionPatch.Requirements(original, "original");
        var after = ElfVersionPatch.Requirements(patch.Bytes, "patched");
        Assert.Equal(before.Select(r => r.Version == "GLIBCXX_3.4.32" ? r with { IsWeak = true } : r), after);
        Assert.Equal(original.Length, patch.Bytes.Length);
        Assert.Single(Enumerable.Range(0, original.Length), i => original[i] != patch.Bytes[i]);
        Assert.Equal(ElfVersionPatch.NeededLibraries(original, "original").ToArray(), ElfVersionPatch.NeededLibraries(patch.Bytes, "patched").ToArray());
    }

    [Fact]
    public void The_patched_copy_is_written_whole_to_the_cache_folder_and_reused()
    {
        var first = TorchSharpLoader.WritePatchedCopy(PackagedLibrary, folder);
        var second = TorchSharpLoader.WritePatchedCopy(PackagedLibrary, folder);

        Assert.NotNull(first);
        Assert.Equal(first.Value.Path, second!.Value.Path);
        Assert.StartsWith(folder, first.Value.Path, StringComparison.Ordinal);
        Assert.Equal("libLibTorchSharp.so", Path.GetFileName(first.Value.Path));
        Assert.Equal(first.Value.Patch.Bytes, File.ReadAllBytes(first.Value.Path));
        Assert.Single(Directory.GetFiles(folder, "*", SearchOption.AllDirectories)); // no temporary file left behind
        var written = ElfVersionPatch.Requirements(File.ReadAllBytes(first.Value.Path), first.Value.Path);
        Assert.True(Assert.Single(written, r => r.Version == "GLIBCXX_3.4.32").IsWeak);
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_refused_with_its_name()
    {
        var error = Assert.Throws<ElfFormatException>(() => ElfVersionPatch.WeakenUnused("MZ not an ELF file at all, padded to sixty-four bytes......."u8.ToArray(), "/tmp/fake.so"));

        Assert.Contains("/tmp/fake.so", error.Message, StringComparison.Ordinal);
        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_ELF_file_is_refused()
    {
        var head = File.ReadAllBytes(PackagedLibrary).AsSpan(0, 4096).ToArray();

        var error = Assert.Throws<ElfFormatException>(() => ElfVersionPatch.Requirements(head, "head.so"));

        Assert.Contains("truncated or corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_32_bit_ELF_file_is_refused()
    {
        var bytes = File.ReadAllBytes(PackagedLibrary).AsSpan(0, 64).ToArray();
        bytes[4] = 1; // ELFCLASS32

        var error = Assert.Throws<ElfFormatException>(() => ElfVersionPatch.Requirements(bytes, "x86.so"));

        Assert.Contains("64-bit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_load_failure_names_the_missing_version_the_provider_and_the_file()
    {
        const string loaderMessage = "Unable to load shared library '/x/libLibTorchSharp.so': /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.33' not found (required by /cache/libLibTorchSharp.so)";

        var message = TorchSharpLoader.ExplainLoadFailure("/x/libLibTorchSharp.so", loaderMessage);

        Assert.Contains("GLIBCXX_3.4.33", message, StringComparison.Ordinal);
        Assert.Contains("/lib/x86_64-linux-gnu/libstdc++.so.6", message, StringComparison.Ordinal);
        Assert.Contains("/cache/libLibTorchSharp.so", message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

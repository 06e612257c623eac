using System.Runtime.InteropServices;

namespace MnistFunctional.Torch.Native;

/// <summary>
/// libtorch tries NNPACK for every CPU convolution while NNPACK is enabled, and on a CPU NNPACK does not support
/// (this machine kind) each try prints "Could not initialize NNPACK! Reason: Unsupported hardware." to stderr —
/// tens of thousands of lines in one benchmark; <c>TORCH_CPP_LOG_LEVEL</c> does not silence them. When NNPACK is not
/// available, it is turned off the way Python's <c>torch.backends.nnpack.set_flags(False)</c> does
/// (<c>at::globalContext().setUserEnabledNNPACK(false)</c>; TorchSharp has no binding, so libtorch's exported C++
/// functions are called). torch then runs the convolutions it fell back to anyway, minus the failed tries.
/// </summary>
internal static class Nnpack
{
    private const string TorchCpu = "libtorch_cpu.so";
    private const string AvailableSymbol = "_ZN2at4_ops17_nnpack_available4callEv"; // at::_ops::_nnpack_available::call()
    private const string GlobalContextSymbol = "_ZN2at13globalContextEv"; // at::globalContext()
    private const string SetEnabledSymbol = "_ZN2at7Context20setUserEnabledNNPACKEb"; // at::Context::setUserEnabledNNPACK(bool)

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool Available();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetEnabled(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    /// <summary>
    /// Turns NNPACK off when libtorch (in <paramref name="torchFolder"/>, already loaded) says it is not available;
    /// true when it did. Asking prints libtorch's warning once. Linux only (the library's name); a libtorch without these
    /// exports is left as it is.
    /// </summary>
    public static bool DisableWhereUnsupported(string torchFolder)
    {
        var path = Path.Combine(torchFolder, TorchCpu);
        if (!OperatingSystem.IsLinux() || !File.Exists(path) || !NativeLibrary.TryLoad(path, out var handle))
        {
            return false;
        }

        if (!NativeLibrary.TryGetExport(handle, AvailableSymbol, out var available)
            || !NativeLibrary.TryGetExport(handle, GlobalContextSymbol, out var globalContext)
            || !NativeLibrary.TryGetExport(handle, SetEnabledSymbol, out var setEnabled))
        {
            return false;
        }

        if (Marshal.GetDelegateForFunctionPointer<Available>(available)())
        {
            return false;
        }

        var context = Marshal.GetDelegateForFunctionPointer<GlobalContext>(globalContext)();
        Marshal.GetDelegateForFunctionPointer<SetEnabled>(setEnabled)(context, false);
        return true;
    }
}

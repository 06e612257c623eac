using MnistFunctional.Torch.Native;
using TorchSharp;

namespace MnistFunctional.Torch.Tests;

/// <summary>The ELF patch on the real packaged library, and TorchSharp loading on this machine without manual steps.</summary>
public class NativeLoadingTests
{
    [Fact]
    public void TorchSharp_loads_and_computes()
    {
        var report = TorchSharpLoader.EnsureLoaded();

        using var sum = torch.tensor(new float[] { 1, 2, 3 }).sum();
        Assert.Equal(6f, sum.item<float>());
        Assert.Equal(Environment.ProcessorCount, report.Threads);
    }
}

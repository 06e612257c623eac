using System.Globalization;
using MnistFunctional.IO;

namespace MnistFunctional.Tests.IO;

/// <summary>
/// Arrays for data about to be written in full: any size keeps what is written, and on a Linux kernel with
/// transparent huge pages a large one's memory is advised to use them (the "hg" flag of its mapping in
/// /proc/self/smaps, which the kernel sets when it takes the advice).
/// </summary>
public class LargeArraysTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(3 << 20)] // 12 MB of floats: pinned and advised on Linux
    public void An_array_of_any_size_keeps_what_is_written(int length)
    {
        var values = LargeArrays.Uninitialized<float>(length);
        Assert.Equal(length, values.Length);
        for (var i = 0; i < length; i++)
        {
            values[i] = i;
        }

        Assert.All(Enumerable.Range(0, length).Where(i => i % 4099 == 0), i => Assert.Equal(i, values[i]));
    }

    [Fact]
    public unsafe void A_large_array_is_advised_to_use_huge_pages_where_the_kernel_has_them()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/sys/kernel/mm/transparent_hugepage/enabled"))
        {
            return; // nothing to advise: an ordinary array, as the test above checks
        }

        var bytes = LargeArrays.Uninitialized<byte>(16 << 20);
        fixed (byte* first = bytes)
        {
            var middle = (ulong)(first + (bytes.Length / 2));
            Assert.Contains("hg", MappingFlags(middle));
        }
    }

    // The VmFlags of the mapping in /proc/self/smaps that holds the address.
    private static string[] MappingFlags(ulong address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
            {
                inside = start <= address && address < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        throw new InvalidOperationException($"No mapping in /proc/self/smaps holds 0x{address:x}.");
    }
}

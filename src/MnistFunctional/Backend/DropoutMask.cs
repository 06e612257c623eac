using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>
/// A counter-based source of dropout decisions: element e of the mask keyed by k is kept when a 24-bit uniform
/// u(k, e) ∈ [0, 1) is ≥ the rate (TensorFlow's rule: <c>random_uniform &gt;= rate</c>). u comes from the SplitMix64
/// finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014) applied to the key's
/// stream and the element index, so any element can be decided alone, in any order, on any thread — no generator
/// state to carry between batches or to save for a resume.
/// Element indices count over the whole batch: example b of the batch, feature i, is element b·size + i.
/// </summary>
public static class DropoutMask
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    /// <summary>The stream of one key: its four fields mixed in turn.</summary>
    public static ulong Stream(DropoutKey key)
    {
        var state = Mix((ulong)(uint)key.Seed + Golden);
        state = Mix(state ^ ((ulong)(uint)key.Epoch + unchecked(2 * Golden)));
        state = Mix(state ^ ((ulong)(uint)key.Batch + unchecked(3 * Golden)));
        return Mix(state ^ ((ulong)(uint)key.Layer + unchecked(4 * Golden)));
    }

    /// <summary>u(key, element): a multiple of 2⁻²⁴ in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Uniform(ulong stream, long element) =>
        (Mix(stream + (((ulong)element + 1) * Golden)) >> 40) * (1f / (1 << 24));

    /// <summary>Whether the element is kept at this rate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Keeps(ulong stream, long element, float rate) => Uniform(stream, element) >= rate;

    /// <summary>
    /// The mask as the factor each element is multiplied by (0 or 1 / (1 − rate)), for examples
    /// [<paramref name="firstExample"/>, + <paramref name="batch"/>) of the batch: what another backend is handed.
    /// </summary>
    public static void Fill(DropoutGeometry g, DropoutKey key, int firstExample, int batch, Span<float> factors)
    {
        var stream = Stream(key);
        var first = (long)firstExample * g.Size;
        var scale = g.Scale;
        var target = factors[..(g.Size * batch)];
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = Keeps(stream, first + i, g.Rate) ? scale : 0f;
        }
    }

    /// <summary>u ≥ rate as integers: (hash &gt;&gt; 40) ≥ ⌈rate·2²⁴⌉, exactly the float comparison of <see cref="Keeps"/>.</summary>
    internal static ulong Threshold(float rate) => (ulong)MathF.Ceiling(rate * (1 << 24));

    /// <summary><see cref="Keeps"/> for elements [element, element + 8): all bits set where kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<ulong> Keeps8(ulong stream, long element, ulong threshold)
    {
        var index = Vector512.Create((ulong)element + 1) + Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        var z = Vector512.Create(stream) + (index * Golden);
        z = (z ^ Vector512.ShiftRightLogical(z, 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ Vector512.ShiftRightLogical(z, 27)) * 0x94D049BB133111EB;
        z ^= Vector512.ShiftRightLogical(z, 31);
        return Vector512.GreaterThanOrEqual(Vector512.ShiftRightLogical(z, 40), Vector512.Create(threshold));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>How a product of element row r goes into the sums top (rows 0–2, added) and bottom (row 1 added, rows 2–3 taken away).</summary>
internal interface IRowOfElements
{
    static abstract void Put(Vector512<float> product, ref float top, ref float bottom);
}

/// <summary>Row 0 starts top.</summary>
internal struct FirstRow : IRowOfElements
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put(Vector512<float> product, ref float top, ref float bottom) => product.StoreUnsafe(ref top);
}

/// <summary>Row 1 adds to top and starts bottom.</summary>
internal struct SecondRow : IRowOfElements
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put(Vector512<float> product, ref float top, ref float bottom)
    {
        (Vector512.LoadUnsafe(ref top) + product).StoreUnsafe(ref top);
        product.StoreUnsafe(ref bottom);
    }
}

/// <summary>Row 2 adds to top and is taken from bottom.</summary>
internal struct ThirdRow : IRowOfElements
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put(Vector512<float> product, ref float top, ref float bottom)
    {
        (Vector512.LoadUnsafe(ref top) + product).StoreUnsafe(ref top);
        (Vector512.LoadUnsafe(ref bottom) - product).StoreUnsafe(ref bottom);
    }
}

/// <summary>Row 3 is taken from bottom.</summary>
internal struct FourthRow : IRowOfElements
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put(Vector512<float> product, ref float top, ref float bottom) => (Vector512.LoadUnsafe(ref bottom) - product).StoreUnsafe(ref bottom);
}

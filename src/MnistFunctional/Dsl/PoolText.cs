namespace MnistFunctional.Dsl;

/// <summary>The canonical text of a pooling layer: only the window for Keras's default (stride = window, valid).</summary>
internal static class PoolText
{
    public static string Of(string kind, int window, int stride, Padding padding) =>
        stride == window && padding == Padding.Valid ? $"{kind}({window})" : $"{kind}({window},{stride},{padding})";
}

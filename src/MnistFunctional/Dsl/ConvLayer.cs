namespace MnistFunctional.Dsl;

/// <summary>A 2-D convolution with <paramref name="Filters"/> square kernels of side <paramref name="Kernel"/>.</summary>
public sealed record ConvLayer(int Filters, int Kernel, Activation Activation = Activation.ReLU, int Stride = 1, Padding Padding = Padding.Valid) : Layer
{
    public override string CanonicalText => $"Conv({Filters},{Kernel},{Activation},{Stride},{Padding})";
}

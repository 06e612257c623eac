namespace MnistFunctional.Generators.Model
{
    internal enum LayerKind
    {
        Input,
        Conv,
        Pool,
        AvgPool,
        GlobalAvgPool,
        Dropout,
        BatchNorm,
        Flatten,
        Dense,
        Residual,
    }
}

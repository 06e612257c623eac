namespace MnistFunctional.Generators.Model
{
    internal enum LayerKind
    {
        Input,
        Conv,
        Pool,
        Flatten,
        Dense,
    }
}

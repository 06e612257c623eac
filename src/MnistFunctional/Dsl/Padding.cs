namespace MnistFunctional.Dsl;

/// <summary>Convolution padding. Only "valid" (no padding) exists today; the DSL carries it so it can grow.</summary>
public enum Padding
{
    Valid = 0,
    Same = 1,
}

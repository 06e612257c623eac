namespace MnistFunctional.Imaging.Normalization;

/// <summary>How a digit is drawn: MNIST is light ink on a dark background; paper scans are the opposite.</summary>
public enum Polarity
{
    LightOnDark,
    DarkOnLight,
}

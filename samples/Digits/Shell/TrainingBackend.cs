namespace Digits.Shell;

/// <summary>Which backend trains: the generated MathNet code (default) or TorchSharp built from the same architecture.</summary>
internal enum TrainingBackend
{
    MathNet,
    Torch,
}

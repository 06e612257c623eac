namespace MnistFunctional.Tests.Data;

/// <summary>
/// A fact about the README published beside the MNIST files (CI's copy has one); skipped, with the reason, where the
/// files came from the mirrors, which publish no README.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MnistReadmeFactAttribute : FactAttribute
{
    public MnistReadmeFactAttribute()
    {
        if (RealMnist.Readme is null)
        {
            Skip = "no README.md beside the MNIST files (the mirrors publish none); set MNIST_DIR to a copy that has one";
        }
    }
}

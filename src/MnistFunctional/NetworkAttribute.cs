namespace MnistFunctional;

/// <summary>
/// Marks a <c>static partial class</c> holding a <c>static Architecture</c> property: the source generator
/// turns that declaration into typed parameters, layer outputs, Forward, Backward and Predict.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
}

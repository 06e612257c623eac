namespace MnistFunctional.Dsl;

/// <summary>
/// A residual connection, as Lux's <c>SkipConnection</c> or a Keras <c>Add()</c> of a branch and its input:
/// <c>activation(Block(x) + x)</c>, or <c>activation(Block(x) + Projection(x))</c> when a projection (typically a 1×1
/// convolution with a stride, as in Keras's ResNets) brings the input to the block's output shape. The block and the
/// projection are ordinary chains (<c>Conv(…) &gt;&gt; Conv(…)</c>) without an Input; the chain interpreter describes
/// their layers as layers of the network (Conv2, Conv3, …), followed by the addition (Add1).
/// </summary>
/// <remarks>
/// The activation after the addition defaults to <see cref="Activation.Linear"/>: a residual only adds, as Lux's
/// SkipConnection and Keras's <c>Add</c> layer do; a Keras ResNet's ReLU after the addition is a separate
/// <c>Activation('relu')</c> layer there and <c>activation: ReLU</c> here.
/// </remarks>
public sealed record ResidualLayer(Architecture Block, Architecture? Projection = null, Activation Activation = Activation.Linear) : Layer
{
    /// <summary><c>Residual(Conv(32,3,ReLU,1,Same) &gt;&gt; Conv(32,3,Linear,1,Same))</c>; the projection and a non-linear activation follow, named.</summary>
    public override string CanonicalText =>
        $"Residual({Block.CanonicalText}"
        + (Projection is null ? string.Empty : $", projection: {Projection.CanonicalText}")
        + (Activation == Activation.Linear ? string.Empty : $", activation: {Activation}")
        + ")";
}

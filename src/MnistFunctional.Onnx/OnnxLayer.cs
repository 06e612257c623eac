using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Onnx;

/// <summary>
/// One layer as the export maps it: the chain interpreter's description of it (name, layer record, input and
/// output shapes), the graph value it reads, the name its output value gets, and the network's parameters by
/// tensor name (Keras layout); a residual's addition also reads its <paramref name="Shortcut"/>.
/// </summary>
internal sealed record OnnxLayer(LayerInfo Info, OnnxValue Input, string OutputName, IReadOnlyDictionary<string, NamedTensor> Parameters, OnnxValue? Shortcut = null)
{
    public string Name => Info.Name;

    public Shape Output => Info.Output;

    public float[] Tensor(string suffix) => Parameters[Name + "." + suffix].Data;
}

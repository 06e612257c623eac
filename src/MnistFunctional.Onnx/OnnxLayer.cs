using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Onnx;

/// <summary>
/// One layer as the export maps it: its name (Conv1, Pool1, …), the layer record, the value it reads, its output
/// shape, the name its output value gets, and the network's parameters by tensor name (Keras layout).
/// </summary>
internal sealed record OnnxLayer(string Name, Layer Layer, OnnxValue Input, Shape Output, string OutputName, IReadOnlyDictionary<string, NamedTensor> Parameters)
{
    public float[] Tensor(string suffix) => Parameters[Name + "." + suffix].Data;
}

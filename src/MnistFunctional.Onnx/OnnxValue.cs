using MnistFunctional.Dsl;

namespace MnistFunctional.Onnx;

/// <summary>
/// A value of the graph as the export walks the layers: its name and our shape of one example. Images are
/// channels first (NCHW) inside the graph. <paramref name="FlattenedFrom"/> is the image a vector was flattened
/// from: ONNX flattens C·H·W where Keras flattens H·W·C, so the Dense that reads it permutes its kernel rows.
/// </summary>
internal sealed record OnnxValue(string Name, Shape Shape, Shape? FlattenedFrom = null);

namespace MnistFunctional.Onnx;

/// <summary>What an exported file looks like from outside: its input and output names, opset and producer.</summary>
public static class OnnxFormat
{
    /// <summary>The input: float32 [N, height, width, channels], channels last like our data, N dynamic.</summary>
    public const string InputName = "input";

    /// <summary>The output: float32 [N, classes], the softmax probabilities.</summary>
    public const string OutputName = "probabilities";

    /// <summary>The symbolic batch dimension of input and output.</summary>
    public const string BatchDimension = "N";

    /// <summary>The default ONNX operator set the graph is written for.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version that goes with opset 17 (ONNX 1.12).</summary>
    public const int IrVersion = 8;

    public const string ProducerName = "MnistFunctional";

    /// <summary>Metadata keys: the network's name and canonical architecture; training facts keep the model file's <c>training.</c> prefix.</summary>
    public const string NetworkKey = "network";

    public const string ArchitectureKey = "architecture";

    public const string TrainingPrefix = "training.";
}

using MnistFunctional.Imaging;
using MnistFunctional.Models;
using MnistFunctional.Onnx;
using MnistFunctional.Serialization;

namespace Digits.Shell;

/// <summary>The seed model (MnistCnn) as ONNX: exported from a model file, or an ONNX file opened with ONNX Runtime.</summary>
internal static class OnnxModel
{
    /// <summary>The ONNX bytes of the model file at <paramref name="modelPath"/>, its training facts as metadata.</summary>
    /// <exception cref="ModelFileException">The model file is missing, corrupt or not an MnistCnn.</exception>
    public static byte[] Export(string modelPath)
    {
        var model = ModelFile.Read<MnistCnn.Parameters>(modelPath, MnistCnn.Architecture);
        return OnnxExport.Encode(MnistCnn.Network.Name, MnistCnn.Architecture, model.Parameters, model.Info.TrainingFacts);
    }

    /// <summary>ONNX Runtime on <paramref name="onnxPath"/>, or on <paramref name="modelPath"/> exported in memory when it is null.</summary>
    /// <exception cref="InvalidDataException">The ONNX file is missing, not a model ONNX Runtime accepts, or does not take 28×28×1 images.</exception>
    public static OnnxPredictor Open(string? onnxPath, string modelPath)
    {
        if (onnxPath is null)
        {
            return OnnxPredictor.FromBytes(Export(modelPath));
        }

        var predictor = OnnxPredictor.Load(onnxPath);
        if (predictor.Features != MnistImage.PixelCount)
        {
            var features = predictor.Features;
            predictor.Dispose();
            throw new InvalidDataException($"{onnxPath}: the model takes {features} values per image, not the {MnistImage.PixelCount} of a 28×28×1 digit.");
        }

        return predictor;
    }
}

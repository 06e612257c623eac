using Digits.Networks;
using MnistFunctional;
using MnistFunctional.Imaging;
using MnistFunctional.Onnx;
using MnistFunctional.Serialization;
using MnistFunctional.Tensors;

namespace Digits.Shell;

/// <summary>A model as ONNX: a model file of any network the sample declares, exported; or an ONNX file opened with ONNX Runtime.</summary>
internal static class OnnxModel
{
    /// <summary>The ONNX bytes of the model file at <paramref name="modelPath"/> (the network its metadata names), its training facts as metadata.</summary>
    /// <exception cref="ModelFileException">The model file is missing or corrupt.</exception>
    /// <exception cref="InvalidDataException">The file's network is none the sample declares.</exception>
    public static byte[] Export(string modelPath) =>
        SampleNetworks.ForModel(ModelFile.ReadInfo(modelPath)).Run(new ExportJob(modelPath));

    /// <summary>ONNX Runtime on <paramref name="onnxPath"/>, or on <paramref name="modelPath"/> exported in memory when it is null.</summary>
    /// <exception cref="InvalidDataException">The ONNX file is missing, not a model ONNX Runtime accepts, or does not take 28×28×1 images.</exception>
    public static OnnxPredictor Open(string? onnxPath, string modelPath)
    {
        var predictor = onnxPath is null ? OnnxPredictor.FromBytes(Export(modelPath)) : OnnxPredictor.Load(onnxPath);
        if (predictor.Features != MnistImage.PixelCount)
        {
            var features = predictor.Features;
            predictor.Dispose();
            throw new InvalidDataException($"{onnxPath ?? modelPath}: the model takes {features} values per image, not the {MnistImage.PixelCount} of a 28×28×1 digit.");
        }

        return predictor;
    }

    /// <summary>Loads the model file into the network its metadata names and exports it.</summary>
    private sealed record ExportJob(string Model) : INetworkJob<byte[]>
    {
        public byte[] Run<TParameters, TGradients>(INetwork<TParameters, TGradients> network)
            where TParameters : ITensorSet<TParameters>
            where TGradients : ITensorSet<TGradients>
        {
            var model = ModelFile.Read<TParameters>(Model, network.Architecture);
            return OnnxExport.Encode(network.Name, network.Architecture, model.Parameters, model.Info.TrainingFacts, model.State);
        }
    }
}

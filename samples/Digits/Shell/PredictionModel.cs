using Digits.Networks;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Serialization;
using MnistFunctional.Tensors;

namespace Digits.Shell;

/// <summary>Model files (of any network the sample declares) loaded as the one model <c>predict</c>, <c>serve</c> and <c>explain</c> read with.</summary>
internal static class PredictionModel
{
    /// <summary>The ensemble of the model files (the mean of their probabilities), each picture read as <paramref name="tta"/> says.</summary>
    /// <exception cref="ModelFileException">A model file is missing or corrupt.</exception>
    /// <exception cref="InvalidDataException">A file's network is none the sample declares.</exception>
    public static Func<Matrix<float>, Matrix<float>> Load(IReadOnlyList<string> models, TestTimeAugmentation tta)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(tta);
        return tta.Wrap(ModelEnsemble.Mean([.. models.Select(Load)]));
    }

    /// <summary>One model file, in the network its metadata names.</summary>
    public static Func<Matrix<float>, Matrix<float>> Load(string model) => SampleNetworks.ForModel(ModelFile.ReadInfo(model)).Run(new LoadJob(model));

    private sealed record LoadJob(string Model) : INetworkJob<Func<Matrix<float>, Matrix<float>>>
    {
        public Func<Matrix<float>, Matrix<float>> Run<TParameters, TGradients>(INetwork<TParameters, TGradients> network)
            where TParameters : ITensorSet<TParameters>
            where TGradients : ITensorSet<TGradients>
        {
            var model = ModelFile.Read<TParameters>(Model, network.Architecture);
            return DigitClassifier.Model(network, model.Parameters, model.State);
        }
    }
}

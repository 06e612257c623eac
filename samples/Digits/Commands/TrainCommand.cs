using System.CommandLine;
using Digits.Networks;
using Digits.Shell;
using MnistFunctional.Augmentation;
using MnistFunctional.Models;
using MnistFunctional.Training;

namespace Digits.Commands;

/// <summary><c>digits train</c>: the seed recipe (Adam, sparse categorical cross-entropy, 10 epochs, batch 32).</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Folder with the MNIST IDX files (default: $MNIST_DIR, then data/mnist/, downloaded when missing)." };
        var epochs = new Option<int>("--epochs") { Description = "Number of epochs.", DefaultValueFactory = _ => 10 };
        var batchSize = new Option<int>("--batch-size") { Description = "Examples per Adam step.", DefaultValueFactory = _ => 32 };
        var seed = new Option<int>("--seed") { Description = "Seed for initialisation and shuffling; the same seed gives the same model file.", DefaultValueFactory = _ => 42 };
        var split = new Option<double>("--validation-split") { Description = "Fraction of the training data held out for validation (its last examples, as Keras).", DefaultValueFactory = _ => 0.1 };
        var patience = new Option<int?>("--patience") { Description = "Stop after this many epochs without a lower val_loss (default: train every epoch)." };
        var model = new Option<string>("--model") { Description = "Where to write the model file; history, curves and checkpoint go beside it.", DefaultValueFactory = _ => ModelPaths.DefaultModel };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint beside --model (written each epoch and on Ctrl+C)." };
        var augment = new Option<string?>("--augment")
        {
            Description = "Distort each training batch so the model copes with digits that are not MNIST's: '--augment' alone for small random shifts, rotations, scaling and stroke width; '--augment styles' adds elastic distortions, shear and thick strokes (other writing styles); '--augment mixed' gives those to half the examples and the default distortions to the other half; '--augment lowres' adds to the default distortions low-resolution copies (shrunk to 10–22 px, black and white or few grey levels, enlarged back blocky or smooth) of 30% of the examples; '--augment clothing' (for Fashion-MNIST) mirrors half the examples left to right and shifts them by up to 2 whole pixels; '--augment clothing-erasing' also erases a random rectangle of half of them.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        augment.AcceptOnlyFromAmong("default", "styles", "mixed", "lowres", "clothing", "clothing-erasing");
        var learningRate = new Option<float>("--learning-rate") { Description = "Adam's learning rate (at the first epoch, with --lr-decay).", DefaultValueFactory = _ => AdamOptions.Keras.LearningRate };
        var decay = new Option<string>("--lr-decay")
        {
            Description = "How the learning rate changes epoch by epoch: 'none' (Keras's default) or 'cosine' (Keras's CosineDecay over the run's epochs, towards 0).",
            DefaultValueFactory = _ => "none",
        };
        decay.AcceptOnlyFromAmong("none", "cosine");
        var limit = new Option<int?>("--limit") { Description = "Train on only the first N training examples (quick trials)." };
        var backend = TrainingBackendOption.Create();
        var network = SampleNetworks.Option();

        var command = new Command("train", "Train a network (the seed model MnistCnn by default) on MNIST-format data with Adam and write the model file, history JSON and learning curves.")
        {
            data, epochs, batchSize, seed, split, patience, augment, learningRate, decay, model, resume, limit, backend, network,
        };
        command.SetAction(result => Fatal.Guard(() =>
        {
            var options = new TrainingOptions
            {
                Epochs = result.GetValue(epochs),
                BatchSize = result.GetValue(batchSize),
                Seed = result.GetValue(seed),
                ValidationSplit = result.GetValue(split),
                Patience = result.GetValue(patience),
                Adam = AdamOptions.Keras with { LearningRate = result.GetValue(learningRate) },
                Decay = result.GetValue(decay) == "cosine" ? LearningRateDecay.Cosine : LearningRateDecay.None,
                Augmentation = result.GetResult(augment) is null ? null : result.GetValue(augment) switch
                {
                    "styles" => AugmentationOptions.Styles,
                    "mixed" => AugmentationOptions.Mixed,
                    "lowres" => AugmentationOptions.LowResolution,
                    "clothing" => AugmentationOptions.Clothing,
                    "clothing-erasing" => AugmentationOptions.ClothingErasing,
                    _ => AugmentationOptions.Default,
                },
            };
            var chosen = SampleNetworks.Named(result.GetValue(network)!);
            var job = new TrainJob(new ModelPaths(result.GetValue(model)!), options, result.GetValue(resume), result.GetValue(limit), TrainingBackendOption.Parse(result.GetValue(backend)), result.GetValue(data));
            return chosen.Run(job);
        }));
        return command;
    }
}

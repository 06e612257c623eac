using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Backend;
using Storage = MnistFunctional.Backend.Storage;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;
using MnistFunctional.Torch.Native;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistFunctional.Torch;

/// <summary>
/// A TorchSharp network built at run time from an <see cref="Architecture"/> value (any valid one), one
/// <see cref="TorchStage"/> per layer of the chain interpreter's description, each through the torch equivalent of
/// our kernel (<see cref="TorchLayers"/>: convolutions with TF padding, pooling, a channels-last flatten, Linear
/// layers), with the same activations and the same parameter names as the generated records. Parameters are converted both ways between those
/// records (Keras layout) and torch's; gradients come from torch's autograd of the mean softmax cross-entropy.
/// Inputs and outputs use our layout: (features × batch) matrices, one channels-last example per column.
/// The weights are torch tensors owned by this object: dispose it.
/// </summary>
public sealed class TorchNetwork : IDisposable
{
    private readonly ImmutableArray<TorchStage> stages;
    private readonly ImmutableArray<LayerInfo> layers;

    private TorchNetwork(Architecture architecture, ImmutableArray<LayerInfo> layers, ImmutableArray<TorchStage> stages)
    {
        Architecture = architecture;
        this.layers = layers;
        this.stages = stages;
    }

    public Architecture Architecture { get; }

    /// <summary>The trainable tensors, in the generated records' order (kernel, then bias, layer after layer).</summary>
    public IEnumerable<Parameter> Parameters => stages.SelectMany(s => s.Parameters);

    /// <summary>Builds the network; its weights are torch's defaults until <see cref="Load{TParameters}"/>.</summary>
    /// <exception cref="ArchitectureException">The architecture is invalid.</exception>
    /// <exception cref="NotSupportedException">A layer kind has no torch mapping.</exception>
    public static TorchNetwork Build(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var layers = architecture.Describe();
        foreach (var layer in layers.Skip(1))
        {
            TorchStage.RequireSupported(layer);
        }

        TorchSharpLoader.EnsureLoaded();
        var stages = ImmutableArray.CreateBuilder<TorchStage>(layers.Length - 1);
        foreach (var layer in layers.Skip(1))
        {
            stages.Add(TorchStage.Create(layer));
        }

        return new TorchNetwork(architecture, layers, stages.ToImmutable());
    }

    /// <summary>Copies <paramref name="parameters"/> (Keras layout) into the torch weights (OIHW, (units, inputs)).</summary>
    public void Load<TParameters>(TParameters parameters)
        where TParameters : ITensorSet<TParameters>
    {
        var tensors = RequireTensors(parameters.Tensors);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var t = 0;
        foreach (var stage in stages)
        {
            for (var i = 0; i < stage.Parameters.Length; i++)
            {
                stage.Parameters[i].copy_(tensor(stage.ToTorch(i, tensors[t++].Data), stage.Parameters[i].shape));
            }
        }
    }

    /// <summary>Copies <paramref name="state"/> (BatchNorm's moving statistics, our layout) into the network's state tensors.</summary>
    public void LoadState(NetworkState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var tensors = state.IsEmpty ? [] : state.Tensors;
        var expected = layers.SelectMany(layer => layer.Tensors).Where(spec => !spec.Trainable).Select(spec => spec.Name).ToList();
        if (!tensors.Select(t => t.Name).SequenceEqual(expected))
        {
            throw new ArgumentException($"The state [{string.Join(", ", tensors.Select(t => t.Name))}] does not belong to {Architecture.CanonicalText}, which has [{string.Join(", ", expected)}].", nameof(state));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var t = 0;
        foreach (var target in stages.SelectMany(stage => stage.State))
        {
            target.copy_(tensor(tensors[t++].Data));
        }
    }

    /// <summary>The network's state as our value (empty without stateful layers): BatchNorm's moving statistics after the steps so far.</summary>
    public NetworkState ReadState()
    {
        using var scope = NewDisposeScope();
        var specs = layers.SelectMany(layer => layer.Tensors).Where(spec => !spec.Trainable).ToList();
        var values = stages.SelectMany(stage => stage.State).Select(state => state.contiguous().data<float>().ToArray()).ToList();
        return specs.Count == 0 ? NetworkState.Empty : new([.. specs.Select((spec, i) => new NamedTensor(spec.Name, [.. spec.Shape], values[i]))]);
    }

    /// <summary>The torch weights as our parameter record (Keras layout).</summary>
    public TParameters ReadParameters<TParameters>()
        where TParameters : ITensorSet<TParameters> =>
        TParameters.FromArrays(ReadTensors(p => p));

    /// <summary>The gradients of the last <see cref="Backward"/>, as our gradient record (Keras layout).</summary>
    public TGradients ReadGradients<TGradients>()
        where TGradients : ITensorSet<TGradients> =>
        TGradients.FromArrays(ReadTensors(p => p.grad ?? throw new InvalidOperationException("No gradients yet: call Backward first.")));

    /// <summary>
    /// Every layer's output for <paramref name="input"/> (the input first), in our channels-last layout: at inference,
    /// or in training mode with the dropout masks of <paramref name="noise"/> (the generated Forward's key).
    /// </summary>
    public IReadOnlyList<LayerOutput> LayerOutputs(Matrix<float> input, DropoutKey? noise = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (outputs, _) = Forward(ToTorch(input), TorchPass.Look(noise));
        return [.. outputs.Select((output, i) => new LayerOutput(layers[i].Name, ChannelsLast(output)))];
    }

    /// <summary>Class probabilities (classes × batch).</summary>
    public Matrix<float> Predict(Matrix<float> input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (_, logits) = Forward(ToTorch(input), TorchPass.Inference);
        return Storage.Matrix((int)logits.shape[1], input.ColumnCount, logits.softmax(1).data<float>().ToArray());
    }

    /// <summary>Mean loss and correct predictions without gradients.</summary>
    public BatchScore Score(Matrix<float> input, ReadOnlySpan<int> labels)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (_, logits) = Forward(ToTorch(input), TorchPass.Inference);
        return ScoreOf(logits, Labels(labels), labels);
    }

    /// <summary>
    /// Forward in training mode and autograd backward of the mean softmax cross-entropy: afterwards every parameter's
    /// <c>grad</c> holds this batch's gradient (earlier gradients are cleared first). <paramref name="noise"/> keys the
    /// dropout masks as in the generated LossAndGradients (each Dropout layer puts its index in); without it Dropout is
    /// the identity.
    /// </summary>
    public BatchScore Backward(Matrix<float> input, ReadOnlySpan<int> labels, DropoutKey? noise = null)
    {
        TensorChecks.RequireLabels(labels, input.ColumnCount, layers[^1].Output.Size);
        using var scope = NewDisposeScope();
        foreach (var parameter in Parameters)
        {
            parameter.grad?.zero_();
        }

        var (_, logits) = Forward(ToTorch(input), TorchPass.Step(noise));
        var targets = Labels(labels);
        var loss = nn.functional.cross_entropy(logits, targets);
        loss.backward();
        return ScoreOf(logits.detach(), targets, labels, loss.item<float>());
    }

    public void Dispose()
    {
        foreach (var stage in stages)
        {
            stage.Dispose();
        }
    }

    /// <summary>
    /// Every layer's output (the input first) and the logits: each stage reads its source layer's output (the layer before
    /// it in a chain; a residual's input for its block's and projection's first layers), a residual's addition also its shortcut's.
    /// </summary>
    private (List<Tensor> Outputs, Tensor Logits) Forward(Tensor input, TorchPass pass)
    {
        var outputs = new List<Tensor>(stages.Length + 1) { input };
        var logits = input;
        foreach (var stage in stages)
        {
            var x = stage.Info.Layer is ResidualLayer
                ? stage.Add(outputs[stage.Info.Source], outputs[stage.Info.Shortcut])
                : stage.Forward(outputs[stage.Info.Source], pass);
            if (stage.Info.Layer is DenseLayer { Activation: Activation.Softmax })
            {
                (logits, x) = (x, x.softmax(1));
            }

            outputs.Add(x);
        }

        return (outputs, logits);
    }

    /// <summary>Our (features × batch) matrix holds NHWC examples; torch's convolutions take NCHW.</summary>
    private Tensor ToTorch(Matrix<float> input)
    {
        var shape = layers[0].Output;
        if (input.RowCount != shape.Size)
        {
            throw new ArgumentException($"The input has {input.RowCount} features per example, but {Architecture.Layers[0].CanonicalText} needs {shape.Size}.", nameof(input));
        }

        return tensor(Storage.Of(input), [input.ColumnCount, shape.Height, shape.Width, shape.Channels]).permute(0, 3, 1, 2);
    }

    private static float[] ChannelsLast(Tensor output) =>
        (output.dim() == 4 ? output.permute(0, 2, 3, 1) : output).contiguous().data<float>().ToArray();

    private static Tensor Labels(ReadOnlySpan<int> labels)
    {
        var values = new long[labels.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = labels[i];
        }

        return tensor(values);
    }

    private static BatchScore ScoreOf(Tensor logits, Tensor targets, ReadOnlySpan<int> labels, float? loss = null)
    {
        var meanLoss = loss ?? nn.functional.cross_entropy(logits, targets).item<float>();
        var predicted = logits.argmax(1).data<long>().ToArray().Select(p => (int)p).ToArray();
        var correct = 0;
        for (var i = 0; i < predicted.Length; i++)
        {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }

        return new BatchScore(meanLoss, correct, labels.Length, predicted);
    }

    private ImmutableArray<NamedTensor> RequireTensors(ImmutableArray<NamedTensor> tensors)
    {
        var expected = layers.SelectMany(layer => layer.Tensors).Where(spec => spec.Trainable).Select(spec => spec.Name).ToList();
        if (!tensors.Select(t => t.Name).SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"The parameters [{string.Join(", ", tensors.Select(t => t.Name))}] do not belong to {Architecture.CanonicalText}, which has [{string.Join(", ", expected)}].");
        }

        return tensors;
    }

    private float[][] ReadTensors(Func<Parameter, Tensor> select)
    {
        using var scope = NewDisposeScope();
        var arrays = new List<float[]>();
        foreach (var stage in stages)
        {
            for (var i = 0; i < stage.Parameters.Length; i++)
            {
                arrays.Add(stage.FromTorch(i, select(stage.Parameters[i]).contiguous().data<float>().ToArray()));
            }
        }

        return [.. arrays];
    }
}

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

    private TorchNetwork(Architecture architecture, ImmutableArray<LayerInfo> layers, ImmutableArray<TorchStage> stages, ScalarType precision)
    {
        Architecture = architecture;
        this.layers = layers;
        this.stages = stages;
        Precision = precision;
    }

    public Architecture Architecture { get; }

    /// <summary>
    /// The element type torch computes in: float32 as the generated code does, or float64 for a reference whose own
    /// rounding is ~1e-16 (inputs, weights and state are our float32 values widened; results are read back as float32).
    /// </summary>
    public ScalarType Precision { get; }

    /// <summary>The trainable tensors, in the generated records' order (kernel, then bias, layer after layer).</summary>
    public IEnumerable<Parameter> Parameters => stages.SelectMany(s => s.Parameters);

    /// <summary>Builds the network; its weights are torch's defaults until <see cref="Load{TParameters}"/>.</summary>
    /// <param name="architecture">The network.</param>
    /// <param name="precision">Float32 (the default, as the generated code) or Float64 (a reference, see <see cref="Precision"/>).</param>
    /// <exception cref="ArchitectureException">The architecture is invalid.</exception>
    /// <exception cref="NotSupportedException">A layer kind has no torch mapping.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The precision is neither Float32 nor Float64.</exception>
    public static TorchNetwork Build(Architecture architecture, ScalarType precision = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (precision is not (ScalarType.Float32 or ScalarType.Float64))
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "The torch backend computes in Float32 or Float64.");
        }

        var layers = architecture.Describe();
        foreach (var layer in layers.Skip(1))
        {
            TorchStage.RequireSupported(layer);
        }

        TorchSharpLoader.EnsureLoaded();
        var stages = ImmutableArray.CreateBuilder<TorchStage>(layers.Length - 1);
        foreach (var layer in layers.Skip(1))
        {
            stages.Add(TorchStage.Create(layer, precision));
        }

        return new TorchNetwork(architecture, layers, stages.ToImmutable(), precision);
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
        var values = stages.SelectMany(stage => stage.State).Select(Floats).ToList();
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
        return Storage.Matrix((int)logits.shape[1], input.ColumnCount, Floats(logits.softmax(1)));
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
    /// <param name="input">The batch, (features × batch).</param>
    /// <param name="labels">One class per example.</param>
    /// <param name="noise">The dropout key; without it Dropout is the identity.</param>
    /// <param name="reluSides">
    /// Optionally, every layer's output from another computation of this pass (the generated code's
    /// <c>LayerOutputs</c>, our channels-last layout, the input excluded): each ReLU then takes the side of its kink
    /// that output shows (x where it is &gt; 0, else 0) instead of the sign of its own input. An element whose input
    /// lies within rounding of 0 can fall on either side in two float32 computations and carries its whole gradient
    /// to one side only; pinned, this pass differentiates the same linear piece as the other computation.
    /// </param>
    public BatchScore Backward(Matrix<float> input, ReadOnlySpan<int> labels, DropoutKey? noise = null, IReadOnlyList<float[]>? reluSides = null)
    {
        TensorChecks.RequireLabels(labels, input.ColumnCount, layers[^1].Output.Size);
        using var scope = NewDisposeScope();
        foreach (var parameter in Parameters)
        {
            parameter.grad?.zero_();
        }

        var pass = TorchPass.Step(noise) with { ReluSides = reluSides is null ? null : Sides(reluSides, input.ColumnCount) };
        var (_, logits) = Forward(ToTorch(input), pass);
        var targets = Labels(labels);
        var loss = nn.functional.cross_entropy(logits, targets);
        loss.backward();
        return ScoreOf(logits.detach(), targets, labels, Single(loss));
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
                ? stage.Add(outputs[stage.Info.Source], outputs[stage.Info.Shortcut], pass)
                : stage.Forward(outputs[stage.Info.Source], pass);
            if (stage.Info.Layer is DenseLayer { Activation: Activation.Softmax })
            {
                (logits, x) = (x, x.softmax(1));
            }

            outputs.Add(x);
        }

        return (outputs, logits);
    }

    /// <summary>Per layer index, the 0/1 tensor of which elements of a ReLU layer's output <paramref name="outputs"/> show positive (torch's layout).</summary>
    private Tensor?[] Sides(IReadOnlyList<float[]> outputs, int batch)
    {
        if (outputs.Count != layers.Length - 1)
        {
            throw new ArgumentException($"The ReLU sides need one output per layer ({layers.Length - 1}), got {outputs.Count}.", nameof(outputs));
        }

        var sides = new Tensor?[layers.Length];
        foreach (var layer in layers.Skip(1).Where(ReluKinks.EndsInRelu))
        {
            var output = outputs[layer.Index - 1];
            var shape = layer.Output;
            if (output.Length != shape.Size * batch)
            {
                throw new ArgumentException($"{layer.Name}: the ReLU sides need {shape.Size * batch} values, got {output.Length}.", nameof(outputs));
            }

            sides[layer.Index] = FromChannelsLast([.. output.Select(value => value > 0 ? 1f : 0f)], batch, shape);
        }

        return sides;
    }

    /// <summary>Our (features × batch) matrix holds NHWC examples; torch's convolutions take NCHW.</summary>
    private Tensor ToTorch(Matrix<float> input)
    {
        var shape = layers[0].Output;
        if (input.RowCount != shape.Size)
        {
            throw new ArgumentException($"The input has {input.RowCount} features per example, but {Architecture.Layers[0].CanonicalText} needs {shape.Size}.", nameof(input));
        }

        return FromChannelsLast(Storage.Of(input), input.ColumnCount, shape);
    }

    /// <summary>Our channels-last values of <paramref name="batch"/> examples of <paramref name="shape"/> as a torch tensor in <see cref="Precision"/> (NCHW for images): <see cref="ChannelsLast"/> the other way.</summary>
    private Tensor FromChannelsLast(float[] values, int batch, Shape shape) => shape.IsImage
        ? tensor(values, [batch, shape.Height, shape.Width, shape.Channels]).to(Precision).permute(0, 3, 1, 2)
        : tensor(values, [batch, shape.Size]).to(Precision);

    private static float[] ChannelsLast(Tensor output) =>
        Floats(output.dim() == 4 ? output.permute(0, 2, 3, 1) : output);

    /// <summary>A tensor's values as float32 (a Float64 network's rounded once, at the end).</summary>
    private static float[] Floats(Tensor values) =>
        values.to(ScalarType.Float32).contiguous().data<float>().ToArray();

    private static float Single(Tensor scalar) => scalar.to(ScalarType.Float32).item<float>();

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
        var meanLoss = loss ?? Single(nn.functional.cross_entropy(logits, targets));
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
                arrays.Add(stage.FromTorch(i, Floats(select(stage.Parameters[i]))));
            }
        }

        return [.. arrays];
    }
}

using MathNet.Numerics.LinearAlgebra;

namespace MnistFunctional.Backend;

/// <summary>
/// Softmax fused with sparse categorical cross-entropy. The loss uses log-sum-exp on the logits (never
/// log of a rounded probability); the gradient with respect to the logits is (p − onehot) / batch.
/// </summary>
public static class SoftmaxCrossEntropy
{
    public static Matrix<float> Probabilities(Matrix<float> logits)
    {
        var p = new float[logits.RowCount * logits.ColumnCount];
        Probabilities(Storage.Of(logits), logits.RowCount, p);
        return Storage.Matrix(logits.RowCount, logits.ColumnCount, p);
    }

    /// <summary>p = softmax of every column of <paramref name="logits"/> (classes × batch).</summary>
    public static void Probabilities(ReadOnlySpan<float> logits, int classes, Span<float> probabilities)
    {
        for (var offset = 0; offset < logits.Length; offset += classes)
        {
            // exp(z − max z) never overflows (TensorPrimitives.SoftMax does not shift by the maximum).
            var column = probabilities.Slice(offset, classes);
            var z = logits.Slice(offset, classes);
            System.Numerics.Tensors.TensorPrimitives.Subtract(z, System.Numerics.Tensors.TensorPrimitives.Max(z), column);
            System.Numerics.Tensors.TensorPrimitives.Exp(column, column);
            System.Numerics.Tensors.TensorPrimitives.Divide(column, System.Numerics.Tensors.TensorPrimitives.Sum(column), column);
        }
    }

    /// <summary>Mean loss over the batch, accumulated in double for a stable sum.</summary>
    public static float Loss(Matrix<float> logits, ReadOnlySpan<int> labels)
    {
        var classes = logits.RowCount;
        var z = Storage.Of(logits);
        var total = 0.0;
        for (var b = 0; b < labels.Length; b++)
        {
            var column = z.AsSpan(b * classes, classes);
            var max = System.Numerics.Tensors.TensorPrimitives.Max(column);
            var sum = 0.0;
            foreach (var value in column)
            {
                sum += Math.Exp(value - max);
            }

            total += max + Math.Log(sum) - column[labels[b]];
        }

        return (float)(total / labels.Length);
    }

    /// <summary>∂(mean loss)/∂logits = (p − onehot(label)) / batch.</summary>
    public static float[] LogitGradient(Matrix<float> probabilities, ReadOnlySpan<int> labels)
    {
        var gradient = new float[probabilities.RowCount * probabilities.ColumnCount];
        LogitGradient(Storage.Of(probabilities), probabilities.RowCount, labels, gradient);
        return gradient;
    }

    /// <summary>gradient (classes × batch) = (p − onehot(label)) / batch.</summary>
    public static void LogitGradient(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels, Span<float> gradient) =>
        LogitGradient(probabilities, classes, labels, gradient, 1f / labels.Length);

    /// <summary>(p − onehot(label)) · <paramref name="scale"/>: a slice of a batch passes 1 / (whole batch size).</summary>
    public static void LogitGradient(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels, Span<float> gradient, float scale)
    {
        var values = gradient[..(classes * labels.Length)];
        probabilities[..values.Length].CopyTo(values);
        for (var b = 0; b < labels.Length; b++)
        {
            values[(b * classes) + labels[b]] -= 1f;
        }

        System.Numerics.Tensors.TensorPrimitives.Multiply(values, scale, values);
    }

    /// <summary>The class with the largest probability in each column (the first on ties).</summary>
    public static int[] PredictedClasses(Matrix<float> probabilities)
    {
        var classes = probabilities.RowCount;
        var p = Storage.Of(probabilities);
        var predicted = new int[probabilities.ColumnCount];
        for (var b = 0; b < predicted.Length; b++)
        {
            predicted[b] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(p.AsSpan(b * classes, classes));
        }

        return predicted;
    }

    public static int CountCorrect(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }

        return correct;
    }
}

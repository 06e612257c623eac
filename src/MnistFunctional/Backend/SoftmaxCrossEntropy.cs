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
        var classes = logits.RowCount;
        var z = Storage.Of(logits);
        var p = new float[z.Length];
        for (var offset = 0; offset < z.Length; offset += classes)
        {
            System.Numerics.Tensors.TensorPrimitives.SoftMax(z.AsSpan(offset, classes), p.AsSpan(offset, classes));
        }

        return Storage.Matrix(classes, logits.ColumnCount, p);
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
        var classes = probabilities.RowCount;
        var gradient = (float[])Storage.Of(probabilities).Clone();
        var scale = 1f / labels.Length;
        for (var b = 0; b < labels.Length; b++)
        {
            gradient[(b * classes) + labels[b]] -= 1f;
        }

        System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, scale, gradient);
        return gradient;
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

using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using MnistFunctional.Dsl;

namespace MnistFunctional.Generators.Diagnostics
{
    /// <summary>Every diagnostic the generator reports. IDs are shared with the run-time <c>ShapeRules</c>.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "MnistFunctional";

        public static readonly DiagnosticDescriptor NonConstantArgument = Error(ShapeRules.NonConstantArgument, "Layer argument must be a constant");
        public static readonly DiagnosticDescriptor SizeNotPositive = Error(ShapeRules.SizeNotPositive, "Layer size must be greater than 0");
        public static readonly DiagnosticDescriptor WindowLargerThanInput = Error(ShapeRules.WindowLargerThanInput, "Kernel or pool window larger than its input");
        public static readonly DiagnosticDescriptor DenseNeedsFlatten = Error(ShapeRules.DenseNeedsFlatten, "Dense needs a flattened input");
        public static readonly DiagnosticDescriptor NeedsImageInput = Error(ShapeRules.NeedsImageInput, "Layer needs an image input");
        public static readonly DiagnosticDescriptor SoftmaxNotLast = Error(ShapeRules.SoftmaxNotLast, "Softmax only on the last layer");
        public static readonly DiagnosticDescriptor InputNotFirst = Error(ShapeRules.InputNotFirst, "Input must come first");
        public static readonly DiagnosticDescriptor NotPartial = Error(ShapeRules.NotPartial, "[Network] type must be partial");
        public static readonly DiagnosticDescriptor NoArchitecture = Error(ShapeRules.NoArchitecture, "[Network] type needs one static Architecture member");
        public static readonly DiagnosticDescriptor LastNotSoftmaxDense = Error(ShapeRules.LastNotSoftmaxDense, "Last layer must be Dense(units, Softmax)");
        public static readonly DiagnosticDescriptor UnsupportedExpression = Error(ShapeRules.UnsupportedExpression, "Unsupported architecture expression");
        public static readonly DiagnosticDescriptor GlobalPoolOnVector = Error(ShapeRules.GlobalPoolOnVector, "GlobalAvgPool needs an image input");
        public static readonly DiagnosticDescriptor DropoutRateOutOfRange = Error(ShapeRules.DropoutRateOutOfRange, "Dropout rate must be in [0, 1)");
        public static readonly DiagnosticDescriptor BatchNormOptionOutOfRange = Error(ShapeRules.BatchNormOptionOutOfRange, "BatchNorm momentum must be in [0, 1) and epsilon greater than 0");
        public static readonly DiagnosticDescriptor ResidualShapeMismatch = Error(ShapeRules.ResidualShapeMismatch, "Residual block output and shortcut shapes must match");

        private static readonly Dictionary<string, DiagnosticDescriptor> ById = new()
        {
            [NonConstantArgument.Id] = NonConstantArgument,
            [SizeNotPositive.Id] = SizeNotPositive,
            [WindowLargerThanInput.Id] = WindowLargerThanInput,
            [DenseNeedsFlatten.Id] = DenseNeedsFlatten,
            [NeedsImageInput.Id] = NeedsImageInput,
            [SoftmaxNotLast.Id] = SoftmaxNotLast,
            [InputNotFirst.Id] = InputNotFirst,
            [NotPartial.Id] = NotPartial,
            [NoArchitecture.Id] = NoArchitecture,
            [LastNotSoftmaxDense.Id] = LastNotSoftmaxDense,
            [UnsupportedExpression.Id] = UnsupportedExpression,
            [GlobalPoolOnVector.Id] = GlobalPoolOnVector,
            [DropoutRateOutOfRange.Id] = DropoutRateOutOfRange,
            [BatchNormOptionOutOfRange.Id] = BatchNormOptionOutOfRange,
            [ResidualShapeMismatch.Id] = ResidualShapeMismatch,
        };

        public static DiagnosticDescriptor ForId(string id) => ById[id];

        private static DiagnosticDescriptor Error(string id, string title) =>
            new(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using MnistFunctional.Dsl;

namespace MnistFunctional.Generators.Parsing
{
    /// <summary>
    /// Builds the DSL record a call to one of the <c>Layers</c> methods makes, from its arguments' constant values
    /// (by parameter name; defaulted arguments carry their default), so the generator interprets the same records
    /// the library does.
    /// </summary>
    internal static class LayerFactory
    {
        private static readonly string[] Methods = { "Input", "Conv", "Pool", "AvgPool", "GlobalAvgPool", "Dropout", "BatchNorm", "Flatten", "Dense", "Residual" };

        /// <summary>The layer methods, for messages.</summary>
        public static string Names => string.Join(", ", Methods);

        public static bool Knows(string method) => Array.IndexOf(Methods, method) >= 0;

        /// <summary>Whether the parameter takes a chain of layers (a residual's block and projection), read as layers rather than as a constant.</summary>
        public static bool IsChainParameter(string method, string parameter) =>
            method == "Residual" && (parameter == "block" || parameter == "projection");

        /// <summary>The record of the call, from its constant arguments and its chain arguments (already read as layers).</summary>
        public static Layer Create(string method, IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, Architecture?> chains)
        {
            int Int(string name) => Convert.ToInt32(values[name], CultureInfo.InvariantCulture);
            double Double(string name) => Convert.ToDouble(values[name], CultureInfo.InvariantCulture);
            int Stride() => values["stride"] is null ? Int("window") : Int("stride");
            switch (method)
            {
                case "Input": return new InputLayer(Int("height"), Int("width"), Int("channels"));
                case "Conv": return new ConvLayer(Int("filters"), Int("kernel"), (Activation)Int("activation"), Int("stride"), (Padding)Int("padding"));
                case "Pool": return new PoolLayer(Int("window"), Stride(), (Padding)Int("padding"));
                case "AvgPool": return new AvgPoolLayer(Int("window"), Stride(), (Padding)Int("padding"));
                case "GlobalAvgPool": return new GlobalAvgPoolLayer();
                case "Dropout": return new DropoutLayer(Double("rate"));
                case "BatchNorm": return new BatchNormLayer(Double("momentum"), Double("epsilon"));
                case "Flatten": return new FlattenLayer();
                case "Dense": return new DenseLayer(Int("units"), (Activation)Int("activation"));
                case "Residual": return new ResidualLayer(chains["block"]!, chains.TryGetValue("projection", out var projection) ? projection : null, (Activation)Int("activation"));
                default: throw new ArgumentException($"'{method}' is not a layer method.", nameof(method));
            }
        }

        /// <summary>The name of an enum argument whose value is no member of its enum, if any.</summary>
        public static string? UndefinedEnumArgument(IReadOnlyDictionary<string, object?> values)
        {
            if (values.TryGetValue("activation", out var activation) && !Enum.IsDefined(typeof(Activation), Convert.ToInt32(activation, CultureInfo.InvariantCulture)))
            {
                return "activation";
            }

            return values.TryGetValue("padding", out var padding) && !Enum.IsDefined(typeof(Padding), Convert.ToInt32(padding, CultureInfo.InvariantCulture)) ? "padding" : null;
        }
    }
}

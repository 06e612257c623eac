namespace MnistFunctional.Dsl;

/// <summary>
/// The names the generator gives layers (Input, Conv1, Pool1, Conv2, …, Flatten1, Dense1, Dense2): the kind
/// and its ordinal among layers of that kind. Tensor names in model files use them too.
/// </summary>
public static class LayerNames
{
    public static IReadOnlyList<string> Of(Architecture architecture)
    {
        var counts = new Dictionary<string, int>();
        var names = new List<string>(architecture.Layers.Length);
        foreach (var layer in architecture.Layers)
        {
            var kind = layer.GetType().Name.Replace("Layer", string.Empty, StringComparison.Ordinal);
            if (layer is InputLayer)
            {
                names.Add(kind);
                continue;
            }

            counts[kind] = counts.GetValueOrDefault(kind) + 1;
            names.Add(kind + counts[kind]);
        }

        return names;
    }
}

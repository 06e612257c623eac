using System.Collections.Immutable;
using MnistFunctional.Tensors;

namespace MnistFunctional.Serialization;

/// <summary>A decoded safetensors file: its header and its float32 tensors (fresh arrays, header order).</summary>
public sealed record SafeTensorsContents(SafeTensorsHeader Header, ImmutableArray<NamedTensor> Tensors);

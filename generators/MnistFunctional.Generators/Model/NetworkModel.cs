namespace MnistFunctional.Generators.Model
{
    /// <summary>
    /// Everything the emitter needs about one [Network] type, as values only. When <see cref="Diagnostics"/>
    /// is not empty nothing is emitted; nor when <see cref="Layers"/> is empty (the declaration has compile errors).
    /// </summary>
    internal sealed record NetworkModel(
        string? Namespace,
        string TypeName,
        string ArchitectureMember,
        EquatableArray<LayerModel> Layers,
        EquatableArray<DiagnosticInfo> Diagnostics)
    {
        public string HintName => (Namespace is null ? string.Empty : Namespace + ".") + TypeName + ".g.cs";
    }
}

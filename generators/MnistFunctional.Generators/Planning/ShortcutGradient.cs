namespace MnistFunctional.Generators.Planning
{
    /// <summary>What a residual's addition does backward with its gradient for the shortcut's side.</summary>
    internal enum ShortcutGradient
    {
        /// <summary>Nothing: no layer below the shortcut has parameters.</summary>
        None,

        /// <summary>Copies it into the shortcut's gradient buffer (the addition is the shortcut's last reader, so the first to write back).</summary>
        Copy,

        /// <summary>Adds it into the shortcut's gradient buffer, which a later reader of the shortcut has already written.</summary>
        Add,
    }
}

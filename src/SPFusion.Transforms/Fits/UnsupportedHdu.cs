namespace SPFusion.Transforms.Fits;

/// <summary>
/// An HDU this reader lists but does not decode (ASCII TABLE, random groups, foreign extensions); its data unit is skipped
/// so the HDUs after it stay reachable.
/// </summary>
public sealed class UnsupportedHdu : FitsHdu
{
    private readonly string _type;

    internal UnsupportedHdu(FitsFile file, int index, FitsHeader header, FitsHduLayout layout)
        : base(file, index, header, layout) => _type = layout.Kind;

    /// <inheritdoc/>
    public override string TypeName => _type;
}

namespace SPFusion.Transforms.Fits;

/// <summary>
/// A BINTABLE column's declaration without its values (TTYPEn, TFORMn, TUNITn, TDIMn), for a table whose rows are
/// streamed through <see cref="FitsWriter.BeginBinaryTable"/> instead of held in memory.
/// </summary>
/// <param name="Name">TTYPEn.</param>
/// <param name="TypeCode">The TFORM type letter (L, B, I, J, K, A, E, D).</param>
/// <param name="Repeat">Elements per row (characters for A).</param>
/// <param name="Unit">TUNITn, or null.</param>
/// <param name="Dims">TDIMn in FITS order, or null.</param>
internal sealed record FitsTableColumnDeclaration(string Name, char TypeCode, int Repeat, string? Unit = null, long[]? Dims = null)
{
    /// <summary>TFORMn as written.</summary>
    public string Format => $"{Repeat}{TypeCode}";

    /// <summary>Bytes of one row's field.</summary>
    public int Width => (int)FitsColumn.FieldWidth(TypeCode, Repeat);

    /// <summary>The declaration of a column that holds its values.</summary>
    public static FitsTableColumnDeclaration Of(FitsTableColumnData c) => new(c.Name, c.TypeCode, c.Repeat, c.Unit, c.Dims);

    /// <summary>Throws unless the declaration can be written.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("a FITS column needs a name");
        if (Repeat < 1) throw new ArgumentOutOfRangeException(nameof(Repeat), $"column '{Name}': repeat must be at least 1");
        if ("LBIJKAED".IndexOf(TypeCode) < 0)
            throw new ArgumentException($"column '{Name}': TFORM type '{TypeCode}' is not one the writer encodes (L B I J K A E D)");
    }
}

namespace SPFusion.Transforms.Fits;

/// <summary>
/// One binary-table column as declared by TTYPEn/TFORMn/TUNITn/TDIMn/TSCALn/TZEROn/TNULLn.
/// Type codes follow the standard: L logical, X bit, B byte, I int16, J int32, K int64, A char, E float32, D float64,
/// C/M complex and P/Q array descriptors (listed, not decoded).
/// </summary>
/// <param name="Number">1-based column number (the n of TFORMn).</param>
/// <param name="Name">TTYPEn (trailing blanks trimmed), or "COLn" when the column is unnamed.</param>
/// <param name="Format">TFORMn as written (trimmed).</param>
/// <param name="TypeCode">The type letter of TFORMn.</param>
/// <param name="Repeat">Elements per row (bits for X, characters for A).</param>
/// <param name="Unit">TUNITn, or null.</param>
/// <param name="Dims">TDIMn in FITS order, or null when absent.</param>
/// <param name="Scale">TSCALn (1 when absent).</param>
/// <param name="Zero">TZEROn (0 when absent).</param>
/// <param name="Null">TNULLn for integer columns, or null.</param>
/// <param name="ByteOffset">Offset of the field within a row.</param>
/// <param name="ByteWidth">Width of the field in bytes.</param>
public sealed record FitsColumn(
    int Number,
    string Name,
    string Format,
    char TypeCode,
    long Repeat,
    string? Unit,
    long[]? Dims,
    double Scale,
    double Zero,
    long? Null,
    long ByteOffset,
    long ByteWidth)
{
    /// <summary>True for the integer codes B, I, J, K.</summary>
    public bool IsInteger => TypeCode is 'B' or 'I' or 'J' or 'K';

    /// <summary>True for codes the reader decodes (not C, M, P, Q).</summary>
    public bool IsSupported => TypeCode is not ('C' or 'M' or 'P' or 'Q');

    /// <summary>Bytes per element for a type code (X is handled by <see cref="FieldWidth"/>).</summary>
    internal static int ElementSize(char code) => code switch
    {
        'L' or 'B' or 'A' => 1,
        'I' => 2,
        'J' or 'E' => 4,
        'K' or 'D' or 'C' or 'P' => 8,
        'M' or 'Q' => 16,
        _ => 0,
    };

    internal static long FieldWidth(char code, long repeat) => code switch
    {
        'X' => (repeat + 7) / 8,
        'P' or 'Q' => repeat == 0 ? 0 : ElementSize(code),
        _ => checked(repeat * ElementSize(code)),
    };
}

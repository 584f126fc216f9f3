using System.Globalization;

namespace SPFusion.ML.Survey.Output;

/// <summary>Turns the text fields every text-based reader sees back into a <see cref="SurveyEstimate"/>'s values.</summary>
internal static class SurveyFieldParser
{
    /// <summary>An estimate: empty is none; otherwise an invariant finite float.</summary>
    public static float? Estimate(string text, string where, string column)
    {
        if (text.Length == 0) return null;
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
            throw new InvalidDataException($"{where}, column '{column}': '{Clip(text)}' is not a finite number (an empty field means no estimate)");
        return v;
    }

    /// <summary>A catalogue line: a positive integer.</summary>
    public static int Line(string text, string where)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int line) || line < 1)
            throw new InvalidDataException($"{where}, column '{SurveyColumns.CatalogLine}': '{Clip(text)}' is not a positive catalogue line number");
        return line;
    }

    /// <summary>A finite estimate or none, from a binary format's float (NaN stands for none there).</summary>
    public static float? FromNaN(float value) => float.IsNaN(value) ? null : value;

    /// <summary>Checks a binary format's estimate: finite, or NaN/null for none.</summary>
    public static float? Checked(float? value, string where, string column)
    {
        if (value is { } v && float.IsInfinity(v))
            throw new InvalidDataException($"{where}, column '{column}': {v} is not a finite estimate");
        return value is { } x && float.IsNaN(x) ? null : value;
    }

    /// <summary>A sigma from text: empty is none; otherwise a finite non-negative float.</summary>
    public static float? Sigma(string text, string where, string column) => CheckedSigma(Estimate(text, where, column), where, column);

    /// <summary>A sigma from a binary format: NaN/null for none, else finite and non-negative.</summary>
    public static float? CheckedSigma(float? value, string where, string column)
    {
        var sigma = Checked(value, where, column);
        if (sigma < 0) throw new InvalidDataException($"{where}, column '{column}': {sigma} is negative; a standard deviation is not");
        return sigma;
    }

    public static string Clip(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
}

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// What every writer requires of a row, so that each format reads back the same row: a positive catalogue line,
/// non-null strings and, where there is an estimate, a finite one (FITS stores "no estimate" as NaN, CSV as an empty
/// field, so a NaN or infinite estimate could not be told apart from none, or written at all). The survey pipeline turns
/// a non-finite network output into a status and a message before it gets here.
/// </summary>
internal static class SurveyEstimateCheck
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the row's catalogue line and what is wrong.</summary>
    public static void Validate(SurveyEstimate row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Line < 1) throw new ArgumentException($"catalogue line {row.Line}: lines are 1-based, so it cannot be written");
        if (row.ObsId is null || row.Model is null || row.Message is null)
            throw new ArgumentException($"catalogue line {row.Line}: obsid, model and message must not be null (use empty text)");
        if (row.Mass is { } m && !float.IsFinite(m)) throw new ArgumentException($"catalogue line {row.Line}: mass {m} is not finite; write no estimate (null) with a status and message instead");
        if (row.Age is { } a && !float.IsFinite(a)) throw new ArgumentException($"catalogue line {row.Line}: age {a} is not finite; write no estimate (null) with a status and message instead");
        foreach (var (sigma, name) in new[] { (row.MassSigma, SurveyColumns.MassSigma), (row.AgeSigma, SurveyColumns.AgeSigma) })
        {
            if (sigma is { } s && !(float.IsFinite(s) && s >= 0))
                throw new ArgumentException($"catalogue line {row.Line}: {name} {s} is not a finite non-negative standard deviation");
        }
        _ = SurveyStatusText.Of(row.Status);
    }
}

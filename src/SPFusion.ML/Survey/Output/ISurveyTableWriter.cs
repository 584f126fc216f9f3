namespace SPFusion.ML.Survey.Output;

/// <summary>
/// A survey table being written row by row in output order. <see cref="Complete"/> finishes the file (a Parquet footer,
/// the FITS padding); disposing without it leaves an incomplete file, which the atomic write around it then discards.
/// </summary>
internal interface ISurveyTableWriter : IDisposable
{
    /// <summary>Appends a row (checked by <see cref="SurveyEstimateCheck"/>).</summary>
    void Write(SurveyEstimate row);

    /// <summary>Finishes the table; no row may follow.</summary>
    void Complete();
}

namespace SPFusion.ML.Survey.Output;

/// <summary>A survey table read row by row in file order; memory bounded by one row (one row group for Parquet).</summary>
internal interface ISurveyTableReader : IDisposable
{
    /// <summary>The file being read, for messages.</summary>
    string Path { get; }

    /// <summary>True when the table has the <c>mass_sigma</c> and <c>age_sigma</c> columns.</summary>
    bool HasSigma { get; }

    /// <summary>The next row, or null at the end of the table.</summary>
    SurveyEstimate? Read();
}

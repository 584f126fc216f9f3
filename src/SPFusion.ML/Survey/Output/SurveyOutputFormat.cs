namespace SPFusion.ML.Survey.Output;

/// <summary>The file formats a survey run's estimates are written in; chosen from the output file's extension.</summary>
public enum SurveyOutputFormat
{
    /// <summary><c>.csv</c>: UTF-8, a header line, RFC 4180 quoting, shortest round-trip numbers, empty fields for no estimate.</summary>
    Csv,

    /// <summary><c>.fits</c> or <c>.fit</c>: a binary table in extension 1 (empty primary), NaN for no estimate.</summary>
    Fits,

    /// <summary><c>.parquet</c>: nullable float mass and age, string columns, int catalog_line, key-value metadata.</summary>
    Parquet,
}

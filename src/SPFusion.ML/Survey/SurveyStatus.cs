namespace SPFusion.ML.Survey;

/// <summary>
/// What happened to one catalogue row in a survey run. Every row gets exactly one; its text form (the <c>status</c>
/// column of every output) is given by <see cref="SurveyStatusText"/>.
/// </summary>
public enum SurveyStatus
{
    /// <summary><c>ok</c>: spectrum and g/r/i cut-outs prepared, estimated by the fusion model.</summary>
    Ok,

    /// <summary>
    /// <c>spectrum_only</c>: the spectrum is usable but the frames are not (outside SDSS, no frame paths, the cut-out off
    /// a frame's edge); estimated by the fallback model when one is given, else left empty.
    /// </summary>
    SpectrumOnly,

    /// <summary><c>bad_spectrum</c>: the spectrum is unreadable, truncated, holds NaN/Inf flux or does not cover the crop.</summary>
    BadSpectrum,

    /// <summary><c>bad_frame</c>: a frame is unreadable or damaged (the spectrum was fine; the fallback may estimate it).</summary>
    BadFrame,

    /// <summary><c>missing_file</c>: the spectrum file does not exist.</summary>
    MissingFile,

    /// <summary><c>bad_row</c>: the catalogue row itself is unusable (missing or non-numeric coordinates, no spectrum path).</summary>
    BadRow,
}

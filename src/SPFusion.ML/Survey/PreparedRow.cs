using SPFusion.Transforms.Catalogs;

namespace SPFusion.ML.Survey;

/// <summary>
/// One row after preparation: its status and message so far, and the network inputs it has: both for <c>ok</c>, the
/// spectrum alone when the frames were unusable (a fallback model can still estimate it), neither otherwise.
/// </summary>
internal sealed record PreparedRow(SurveyCatalogRow Row, SurveyStatus Status, string Message, float[]? Spectrum, float[]? Photometry);

namespace SPFusion.ML.Survey;

/// <summary>Where a survey run is: rows finished (committed earlier or now) out of the rows it will estimate.</summary>
/// <param name="Done">Rows finished.</param>
/// <param name="Total">Rows this run (or shard) estimates.</param>
/// <param name="Counts">Rows per status so far (rows resumed from an earlier run included).</param>
public sealed record SurveyProgress(int Done, int Total, IReadOnlyDictionary<SurveyStatus, int> Counts);

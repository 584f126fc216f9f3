namespace SPFusion.ML.Survey;

/// <summary>What a survey run wrote.</summary>
/// <param name="OutputPath">The output table (catalogue order).</param>
/// <param name="Rows">Rows in it: the catalogue's (or the shard's) rows, each once.</param>
/// <param name="StatusCounts">Rows per status.</param>
/// <param name="ResumedRows">Rows taken from an earlier, interrupted run's committed chunks (0 for a fresh run).</param>
/// <param name="AlreadyFinished">True when a resume found the output already finished by the same run (nothing redone).</param>
public sealed record SurveyRunSummary(string OutputPath, long Rows, IReadOnlyDictionary<SurveyStatus, long> StatusCounts, long ResumedRows, bool AlreadyFinished);

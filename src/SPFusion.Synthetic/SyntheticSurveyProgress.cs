namespace SPFusion.Synthetic;

/// <summary>Progress of <see cref="SyntheticSurvey.Generate"/>: files written so far out of the total (spectra plus frames).</summary>
/// <param name="FilesWritten">Files finished.</param>
/// <param name="FilesTotal">Files the survey will hold (catalogue and README excluded).</param>
/// <param name="LastFile">Path of the file just finished, relative to the output folder.</param>
public sealed record SyntheticSurveyProgress(int FilesWritten, int FilesTotal, string LastFile);

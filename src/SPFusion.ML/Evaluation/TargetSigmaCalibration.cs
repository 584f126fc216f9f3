namespace SPFusion.ML.Evaluation;

/// <summary>One target's sigma scale factor and the ±1σ coverage it was fitted to, on the rows it was fitted on.</summary>
/// <param name="Count">Rows the factor was fitted on.</param>
/// <param name="Scale">Factor multiplying the target's sigma (&gt; 0; above 1 when the sigmas were too small).</param>
/// <param name="CoverageBefore">Share of those rows with |predicted - true| &lt;= σ.</param>
/// <param name="CoverageAfter">Share with |predicted - true| &lt;= <paramref name="Scale"/> σ: the smallest share that reaches 0.6827 (ceil(0.6827 n) / n, or more with ties).</param>
public sealed record TargetSigmaCalibration(long Count, double Scale, double CoverageBefore, double CoverageAfter);

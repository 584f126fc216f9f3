namespace SPFusion.ML.Onnx.Export;

/// <summary>Median ONNX Runtime latency of two models on the same batch, and their ratio.</summary>
/// <param name="ReferenceMedianMilliseconds">Median time per run of the reference model (e.g. the published file).</param>
/// <param name="CandidateMedianMilliseconds">Median time per run of the candidate model (e.g. this package's export).</param>
/// <param name="Runs">Timed runs per model (after warm-up).</param>
/// <param name="Batch">Batch size of every run.</param>
/// <param name="IntraOpThreads">ONNX Runtime intra-op threads per session.</param>
internal sealed record OnnxSpeedComparisonResult(double ReferenceMedianMilliseconds, double CandidateMedianMilliseconds, int Runs, int Batch, int IntraOpThreads)
{
    /// <summary>Candidate time over reference time: below 1 means the candidate is faster.</summary>
    public double Ratio => CandidateMedianMilliseconds / ReferenceMedianMilliseconds;
}

using SPFusion.ML.Evaluation;

namespace SPFusion.Tests.Evaluation.Comparison;

/// <summary>Keeps every comparison report as it arrives (synchronously, unlike <see cref="Progress{T}"/>, which posts them).</summary>
internal sealed class RecordedProgress : IProgress<ComparisonProgress>
{
    private readonly List<ComparisonProgress> _reports = [];

    public IReadOnlyList<ComparisonProgress> Reports
    {
        get
        {
            lock (_reports) return [.. _reports];
        }
    }

    public void Report(ComparisonProgress value)
    {
        lock (_reports) _reports.Add(value);
    }

    /// <summary>The reports of one stage.</summary>
    public List<ComparisonProgress> Of(ComparisonStage stage) => [.. Reports.Where(r => r.Stage == stage)];
}

namespace SPFusion.Benchmarks.Reporting;

/// <summary>One line of the results table.</summary>
/// <param name="Measurement">What was measured.</param>
/// <param name="Ours">Our value with unit, or why it is missing.</param>
/// <param name="Reference">The comparison value with unit and source, or why it is missing.</param>
/// <param name="Ratio">Ours over reference (for seconds and memory: as the goal states it), or null.</param>
/// <param name="Goal">The goal for this row, or empty.</param>
/// <param name="Pass">Whether the goal is met; null when there is no goal or a value is missing.</param>
internal sealed record ReportRow(string Measurement, string Ours, string Reference, double? Ratio, string Goal, bool? Pass)
{
    public string Result => Goal.Length == 0 ? "" : Pass switch { true => "pass", false => "miss", null => "not measured" };
}

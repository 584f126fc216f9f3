namespace SPFusion.Benchmarks.Infrastructure;

/// <summary>One measured number, as a child process reports it to the parent.</summary>
/// <param name="Name">Stable key (e.g. <c>infer.ort.b32</c>) the report looks rows up by.</param>
/// <param name="Value">The number.</param>
/// <param name="Unit">Unit of <paramref name="Value"/> (samples/s, s, kB, ...).</param>
/// <param name="Note">What exactly was measured.</param>
internal sealed record Metric(string Name, double Value, string Unit, string Note);

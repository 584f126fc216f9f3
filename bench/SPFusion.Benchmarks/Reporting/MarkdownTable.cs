using System.Text;

namespace SPFusion.Benchmarks.Reporting;

/// <summary>Renders the rows as a GitHub Markdown table.</summary>
internal static class MarkdownTable
{
    public static string Render(IReadOnlyList<ReportRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| measurement | ours | reference | ours / reference | goal | result |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            string ratio = r.Ratio is { } x ? $"{ReportBuilder.F(x)}x" : "";
            text.AppendLine($"| {Escape(r.Measurement)} | {Escape(r.Ours)} | {Escape(r.Reference)} | {ratio} | {Escape(r.Goal)} | {r.Result} |");
        }

        return text.ToString();
    }

    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}

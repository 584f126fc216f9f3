using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// Stars of a labelled dataset without a mass or age (NaN or empty in label.csv): one rule for train, cv and evaluate,
/// checked before any work. Without <c>--skip-invalid</c> they are refused naming the file, the first star and the
/// flag; with it they are left out and listed. predict reads no labels, so it accepts such stars.
/// </summary>
internal static class MissingLabels
{
    /// <summary>The flag that skips them, as the user types it.</summary>
    public const string SkipFlag = "--skip-invalid";

    /// <summary>
    /// The obsids of <paramref name="dataDir"/>'s stars lacking a label; refuses them unless <paramref name="skip"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">Some star lacks a label and <paramref name="skip"/> is false.</exception>
    public static IReadOnlyList<string> Find(string dataDir, string verb, bool skip)
    {
        var missing = new AuthorsDatasetReader(dataDir).Labels
            .Where(l => !double.IsFinite(l.Mass) || !double.IsFinite(l.Age))
            .ToList();
        if (missing.Count > 0 && !skip)
        {
            var first = missing[0];
            string column = double.IsFinite(first.Mass) ? LabelCsv.Columns[6] : LabelCsv.Columns[5];
            throw new InvalidDataException(
                $"{AuthorsDatasetLayout.LabelPath(dataDir)}: {missing.Count} star(s) lack a mass or age (first: obsid {first.ObsId}, {column} missing); " +
                $"{verb} needs both labels of every star: fill them in or pass {SkipFlag} to leave such stars out (they are listed)");
        }
        return missing.Select(l => l.ObsId).ToList();
    }
}

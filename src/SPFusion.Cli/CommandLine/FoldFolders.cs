using System.Globalization;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// The <c>fold1..K</c> folders <c>spfusion prepare --folds K</c> writes and <c>spfusion cv</c> reads; one place for their
/// naming so the two verbs agree on which folders belong to a dataset.
/// </summary>
internal static class FoldFolders
{
    /// <summary>The folder of fold <paramref name="fold"/> (counted from 1) under <paramref name="root"/>.</summary>
    public static string Of(string root, int fold) => Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"fold{fold}"));

    /// <summary>How many of fold1, fold2, ... exist without a gap (0 when fold1 is absent).</summary>
    public static int CountConsecutive(string root)
    {
        int count = 0;
        while (Directory.Exists(Of(root, count + 1))) count++;
        return count;
    }

    /// <summary>Every <c>fold&lt;N&gt;</c> folder under <paramref name="root"/>, gaps or not, ordered by N.</summary>
    public static IReadOnlyList<(int Fold, string Path)> All(string root)
    {
        if (!Directory.Exists(root)) return [];
        var folds = new List<(int, string)>();
        foreach (string dir in Directory.EnumerateDirectories(root, "fold*"))
        {
            string digits = Path.GetFileName(dir)[4..];
            if (digits.Length > 0 && digits.All(char.IsAsciiDigit) && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0)
                folds.Add((n, dir));
        }
        return folds.OrderBy(f => f.Item1).ToList();
    }

    /// <summary>The number of fold1..K folders of <paramref name="dataDir"/> (0 for none), checked against --folds; shared by cv, compare and ablate.</summary>
    public static int PreparedCount(string dataDir, int? requested)
    {
        int present = FoldFolders.CountConsecutive(dataDir);
        var all = FoldFolders.All(dataDir);
        if (all.Count != present)
        {
            throw new InvalidDataException(
                $"{dataDir}: fold folders are not fold1..fold{all.Count} without gaps ({string.Join(", ", all.Select(f => Path.GetFileName(f.Path)))}); run spfusion prepare --folds K again");
        }
        if (present == 1)
            throw new InvalidDataException($"{dataDir} has fold1 but no fold2: cross-validation needs at least 2 prepared folds");
        if (present > 0 && requested is { } r && r != present)
        {
            throw new InvalidDataException(
                $"{dataDir} has {present} prepared folds (fold1..fold{present}) but --folds {r} was given; leave out --folds to use all {present}, or prepare the dataset again with --folds {r}");
        }
        return present;
    }
}

namespace SPFusion.Transforms.Datasets;

/// <summary>
/// Deterministic K-fold splitting as in the paper's evaluation: every star is in exactly one fold's test split, and the
/// other stars of each fold are split train:validation 7:3. The shuffles use SplitMix64 rather than System.Random, so a
/// seed gives the same folds on every .NET version and platform, whatever order the ids arrive in.
/// </summary>
internal static class FoldSplitter
{
    /// <summary>Splits <paramref name="obsIds"/> into <paramref name="folds"/> folds.</summary>
    /// <param name="obsIds">Distinct star ids.</param>
    /// <param name="folds">Number of folds, at least 2 and at most the number of stars.</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <param name="trainFraction">Share of the non-test stars used for training (default 0.7), rounded half away from zero.</param>
    public static IReadOnlyList<FoldSplit> Split(IReadOnlyCollection<string> obsIds, int folds, int seed, double trainFraction = 0.7)
    {
        ArgumentNullException.ThrowIfNull(obsIds);
        if (folds < 2)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "at least 2 folds are needed");
        if (obsIds.Count < folds)
            throw new ArgumentException($"{obsIds.Count} stars cannot fill {folds} folds", nameof(obsIds));
        if (!(trainFraction > 0 && trainFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "must lie strictly between 0 and 1");

        // Integer ids sort numerically (StarId.Comparer), so LAMOST obsids get the folds they always had.
        string[] ids = [.. obsIds];
        Array.Sort(ids, StarId.Comparer);
        for (int k = 1; k < ids.Length; k++)
        {
            if (ids[k] == ids[k - 1])
                throw new ArgumentException($"obsid {ids[k]} appears more than once", nameof(obsIds));
        }

        var rng = new SplitMix64(unchecked((ulong)seed));
        Shuffle(ids, ref rng);

        // Fold f tests the shuffled ids at positions f, f + K, f + 2K, ... (sizes differ by at most one).
        var result = new FoldSplit[folds];
        for (int f = 0; f < folds; f++)
        {
            var test = new List<string>();
            var rest = new List<string>();
            for (int k = 0; k < ids.Length; k++)
                (k % folds == f ? test : rest).Add(ids[k]);

            string[] others = [.. rest];
            var foldRng = new SplitMix64(unchecked((ulong)seed) ^ (0x9E3779B97F4A7C15UL * (ulong)(f + 1)));
            Shuffle(others, ref foldRng);
            int trainCount = (int)Math.Round(others.Length * trainFraction, MidpointRounding.AwayFromZero);
            var train = others[..trainCount];
            var validation = others[trainCount..];
            Array.Sort(train, StarId.Comparer);
            Array.Sort(validation, StarId.Comparer);
            test.Sort(StarId.Comparer);
            result[f] = new FoldSplit(f, train, validation, test);
        }

        return result;
    }

    private static void Shuffle(string[] values, ref SplitMix64 rng)
    {
        for (int k = values.Length - 1; k > 0; k--)
        {
            int j = (int)rng.NextBelow((ulong)(k + 1));
            (values[k], values[j]) = (values[j], values[k]);
        }
    }

    private struct SplitMix64(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        // Rejection sampling keeps the draw unbiased.
        public ulong NextBelow(ulong bound)
        {
            ulong limit = ulong.MaxValue - (ulong.MaxValue % bound);
            ulong r;
            do
            {
                r = Next();
            }
            while (r >= limit);
            return r % bound;
        }
    }
}

using SPFusion.Tests.Support;

namespace SPFusion.Tests.Reliability;

/// <summary>One malformed input: its bytes as they go on disk and a name saying what was broken.</summary>
internal sealed record MalformedFitsCase(string Name, byte[] Bytes, string Extension = ".fits");

/// <summary>
/// Malformed FITS files generated from the real files in tests/data: truncations, broken structural keywords,
/// non-ASCII headers, bad table formats and damaged gzip/bzip2 streams. Built once per test run, in memory.
/// </summary>
internal static class MalformedFitsCorpus
{
    private static readonly Lazy<IReadOnlyList<MalformedFitsCase>> Cases = new(Build);

    public static IReadOnlyList<MalformedFitsCase> All => Cases.Value;

    private static readonly string[] AstropySamples = ["arange", "blank", "btable", "scale", "table", "tb", "tdim"];

    private static IReadOnlyList<MalformedFitsCase> Build()
    {
        var cases = new List<MalformedFitsCase> { new("empty-file", []) };
        byte[] dr10 = File.ReadAllBytes(TestPaths.DataFile("lamost", "dr10", "3703110.fits"));
        byte[] dr7 = FitsBytes.Gunzip(TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-001_dr7.fits.gz"));
        byte[] sdssHeader = FitsBytes.SdssHeaderSlice();

        Truncations(cases, "dr10", dr10, gzip: false, midBlock: [1, 1000, 2879]);
        Truncations(cases, "dr7-regz", dr7, gzip: true, midBlock: [1440]);
        foreach (string name in AstropySamples)
            Truncations(cases, name, File.ReadAllBytes(TestPaths.DataFile("fits", name + ".fits")), gzip: false, midBlock: [1, 80, 2000]);
        SdssHeaderSlice(cases, sdssHeader);

        // A byte image whose size is the largest long: the size itself is fine, its end as a file offset is not.
        byte[] bigImage = FitsBytes.SetCard(File.ReadAllBytes(TestPaths.DataFile("fits", "arange.fits")), 0, "BITPIX", "8")!;
        bigImage = FitsBytes.SetCard(bigImage, 0, "NAXIS", "1")!;
        cases.Add(new("arange-bitpix8-naxis1-maxlong", FitsBytes.SetCard(bigImage, 0, "NAXIS1", "9223372036854775807")!));
        cases.Add(new("arange-bitpix8-naxis1-maxlong-minus-2880", FitsBytes.SetCard(bigImage, 0, "NAXIS1", "9223372036854772927")!));
        cases.Add(new("arange-bitpix8-naxis1-maxlong-gz", FitsBytes.Gzip(FitsBytes.SetCard(bigImage, 0, "NAXIS1", "9223372036854775807")!), ".fits.gz"));

        var sources = new List<(string Name, byte[] Bytes)> { ("dr10", dr10), ("dr7", dr7) };
        sources.AddRange(AstropySamples.Select(n => (n, File.ReadAllBytes(TestPaths.DataFile("fits", n + ".fits")))));
        foreach (var (name, bytes) in sources)
            Structural(cases, name, bytes, FitsBytes.Layout(bytes));
        Tables(cases, "btable", File.ReadAllBytes(TestPaths.DataFile("fits", "btable.fits")));
        Tables(cases, "tdim", File.ReadAllBytes(TestPaths.DataFile("fits", "tdim.fits")));
        Tables(cases, "dr10-coadd", dr10);
        Compressed(cases, dr10);
        return cases;
    }

    private static void Truncations(List<MalformedFitsCase> cases, string name, byte[] bytes, bool gzip, int[] midBlock)
    {
        var layout = FitsBytes.Layout(bytes);
        var cuts = new SortedSet<long>();
        for (long b = 1; b * FitsBytes.Block < bytes.Length; b++) cuts.Add(b * FitsBytes.Block);
        for (long b = 0; b * FitsBytes.Block < bytes.Length; b++)
        {
            foreach (int m in midBlock) cuts.Add((b * FitsBytes.Block) + m);
        }
        foreach (long cut in cuts.Where(c => c < bytes.Length && FitsBytes.CutLosesContent(layout, c)))
        {
            byte[] part = bytes[..(int)cut];
            cases.Add(gzip ? new($"{name}-cut-{cut}", FitsBytes.Gzip(part), ".fits.gz") : new($"{name}-cut-{cut}", part));
        }
    }

    private static void SdssHeaderSlice(List<MalformedFitsCase> cases, byte[] header)
    {
        // The header promises a 2048 x 1489 float32 image that is not there.
        cases.Add(new("sdss-header-only", header));
        for (long cut = 1; cut < header.Length; cut += FitsBytes.Block / 2) cases.Add(new($"sdss-header-cut-{cut}", header[..(int)cut]));
        for (long cut = FitsBytes.Block; cut < header.Length; cut += FitsBytes.Block) cases.Add(new($"sdss-header-cut-{cut}", header[..(int)cut]));
        var noEnd = FitsBytes.Overwrite(header, FitsBytes.FindEnd(header, 0), FitsBytes.CardImage("COMMENT", ""));
        cases.Add(new("sdss-header-missing-end", noEnd));
        cases.Add(new("sdss-header-bitpix-0", FitsBytes.SetCard(header, 0, "BITPIX", "0")!));
        cases.Add(new("sdss-header-naxis1-2^40", FitsBytes.SetCard(header, 0, "NAXIS1", "1099511627776")!));
    }

    private static void Structural(List<MalformedFitsCase> cases, string name, byte[] bytes, IReadOnlyList<FitsBytes.HduSpan> layout)
    {
        foreach (var hdu in layout)
        {
            string at = $"{name}-hdu{hdu.Index}";
            long h = hdu.HeaderStart;
            cases.Add(new($"{at}-missing-end", FitsBytes.Overwrite(bytes, FitsBytes.FindEnd(bytes, h), FitsBytes.CardImage("COMMENT", "no end"))));
            foreach (string bitpix in new[] { "0", "12", "-16", "7", "24", "-8" })
                cases.Add(new($"{at}-bitpix-{bitpix}", FitsBytes.SetCard(bytes, h, "BITPIX", bitpix)!));
            foreach (string naxis in new[] { "999", "1000", "-1" })
                cases.Add(new($"{at}-naxis-{naxis}", FitsBytes.SetCard(bytes, h, "NAXIS", naxis)!));
            // NAXISn beyond NAXIS are stale cards the standard says to ignore, so only declared axes are broken.
            for (int n = 1; n <= hdu.Naxis; n++)
            {
                foreach (var (label, value) in new[] { ("neg", "-1"), ("neg2880", "-2880"), ("2^40", "1099511627776"), ("maxlong", "9223372036854775807"), ("overflow", "99999999999999999999") })
                    cases.Add(new($"{at}-naxis{n}-{label}", FitsBytes.SetCard(bytes, h, $"NAXIS{n}", value)!));
            }
            int third = (int)h + (2 * FitsBytes.Card);
            cases.Add(new($"{at}-latin1-value", FitsBytes.Overwrite(bytes, third + 40, 0xE9)));
            cases.Add(new($"{at}-nul-keyword", FitsBytes.Overwrite(bytes, third, 0x00)));
            cases.Add(new($"{at}-tab-comment", FitsBytes.Overwrite(bytes, third + 79, 0x09)));
            cases.Add(new($"{at}-del-in-end", FitsBytes.Overwrite(bytes, FitsBytes.FindEnd(bytes, h) + 5, 0x7F)));
            cases.Add(new($"{at}-utf8-first-card", FitsBytes.Overwrite(bytes, h + 30, 0xC3, 0xA9)));
        }
    }

    private static void Tables(List<MalformedFitsCase> cases, string name, byte[] bytes)
    {
        var layout = FitsBytes.Layout(bytes);
        foreach (var hdu in layout.Where(x => x.Type == "BINTABLE"))
        {
            string at = $"{name}-hdu{hdu.Index}";
            long h = hdu.HeaderStart;
            foreach (var (label, value) in new[]
            {
                ("unknown-code", "'3Z'"), ("empty", "''"), ("negative", "'-1E'"), ("huge-repeat", "'99999999999999999999E'"),
                ("width-overflow", "'9223372036854775807D'"), ("bit-overflow", "'9223372036854775807X'"), ("descriptor-repeat", "'2PE'"),
                ("too-wide", "'100000E'"), ("not-a-string", "5"), ("logical", "T"),
            })
            {
                cases.Add(new($"{at}-tform1-{label}", FitsBytes.SetCard(bytes, h, "TFORM1", value)!));
            }
            foreach (var (label, value) in new[] { ("minus1", "-1"), ("1000", "1000"), ("0", "0"), ("string", "'2'") })
                cases.Add(new($"{at}-tfields-{label}", FitsBytes.SetCard(bytes, h, "TFIELDS", value)!));
            string[] badDims = ["'(3,'", "'3,2'", "'(0,2)'", "'(a,b)'", "'(-1)'", "'(1000,1000)'", "'(99999999999,99999999999)'", "'()'"];
            for (int d = 0; d < badDims.Length; d++)
            {
                // Rewrite an existing TDIM1 (tdim.fits) or add one before END.
                byte[]? broken = FitsBytes.SetCard(bytes, h, "TDIM1", badDims[d]) ?? FitsBytes.InsertBeforeEnd(bytes, h, "TDIM1", badDims[d]);
                if (broken is not null) cases.Add(new($"{at}-tdim1-{d}", broken));
            }
            // A zero-width table claiming 2^40 rows and ending the file: sizes add up (no data), but its rows cannot be
            // addressed by the int-indexed row API, and looping over them would never end.
            byte[] zero = FitsBytes.SetCard(bytes, h, "NAXIS1", "0")!;
            zero = FitsBytes.SetCard(zero, h, "NAXIS2", "1099511627776")!;
            for (int n = 1; FitsBytes.FindCard(zero, h, $"TFORM{n}") >= 0; n++) zero = FitsBytes.SetCard(zero, h, $"TFORM{n}", "'0E'")!;
            cases.Add(new($"{at}-zero-width-2^40-rows", zero[..(int)hdu.DataOffset]));
        }
    }

    private static void Compressed(List<MalformedFitsCase> cases, byte[] dr10)
    {
        foreach (string file in new[] { "spec-55859-F5902_sp01-001_dr7.fits.gz", "spec-55859-F5902_sp01-013_dr8.fits.gz" })
        {
            byte[] gz = File.ReadAllBytes(TestPaths.DataFile("lamost", file));
            string stem = file.Contains("_dr7", StringComparison.Ordinal) ? "dr7" : "dr8";
            foreach (int cut in new[] { 2, 3, 10, 11, 100, 1000, 10000, gz.Length / 2, gz.Length - 100, gz.Length - 9 })
                cases.Add(new($"gz-{stem}-cut-{cut}", gz[..cut], ".fits.gz"));
            foreach (int pos in new[] { 3, 200, 5000, gz.Length / 2, gz.Length - 8, gz.Length - 3 })
                cases.Add(new($"gz-{stem}-corrupt-{pos}", FitsBytes.Overwrite(gz, pos, (byte)~gz[pos]), ".fits.gz"));
        }
        byte[] small = FitsBytes.Gzip(dr10);
        foreach (int cut in new[] { 20, 500, small.Length / 3, small.Length - 50 })
            cases.Add(new($"gz-dr10-cut-{cut}", small[..cut], ".fits.gz"));
        foreach (int pos in new[] { 40, small.Length / 4, small.Length - 6 })
            cases.Add(new($"gz-dr10-corrupt-{pos}", FitsBytes.Overwrite(small, pos, (byte)(small[pos] ^ 0x5A)), ".fits.gz"));

        // An SDSS frame cut to its first ~200 KB (bzip2 blocks are ~900 KB of input, so none completes), then damaged.
        byte[] bz = File.ReadAllBytes(TestPaths.DataFile("sdss", "frame-g-004510-4-0030.fits.bz2"))[..(200 * 1024)];
        cases.Add(new("bz2-sdss-prefix", bz, ".fits.bz2"));
        cases.Add(new("bz2-sdss-header-only", bz[..10], ".fits.bz2"));
        cases.Add(new("bz2-sdss-bad-blocksize", FitsBytes.Overwrite(bz, 3, (byte)'0'), ".fits.bz2"));
        cases.Add(new("bz2-sdss-bad-block-magic", FitsBytes.Overwrite(bz, 5, 0x00), ".fits.bz2"));
        foreach (int pos in new[] { 60, 1000, 50_000, 150_000 })
            cases.Add(new($"bz2-sdss-corrupt-{pos}", FitsBytes.Overwrite(bz, pos, (byte)(bz[pos] ^ 0xFF)), ".fits.bz2"));
    }
}

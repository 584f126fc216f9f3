using SPFusion.ML.Persistence;
using SPFusion.ML.Survey;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Catalogs;

namespace SPFusion.Tests.Survey;

/// <summary>A survey run through the API: every row once, each planted problem with its status, estimates as prepare gives.</summary>
[Collection(PlantedSurveyCollection.Name)]
public sealed class SurveyEstimatorTests(PlantedSurveyFixture survey)
{
    private static readonly Dictionary<string, SurveyStatus> Expected = new()
    {
        ["p-missing-spectrum"] = SurveyStatus.MissingFile,
        ["p-truncated-spectrum"] = SurveyStatus.BadSpectrum,
        ["p-nan-spectrum"] = SurveyStatus.BadSpectrum,
        ["p-truncated-frame"] = SurveyStatus.BadFrame,
        ["p-outside"] = SurveyStatus.SpectrumOnly,
        ["p-no-coordinates"] = SurveyStatus.BadRow,
        ["p-no-frames"] = SurveyStatus.SpectrumOnly,
        ["p-missing-frame"] = SurveyStatus.MissingFile,
    };

    private List<SurveyEstimate> Run(SurveyEstimatorOptions? options = null)
    {
        using var estimator = new SurveyEstimator(TestPaths.PublishedOnnx, options);
        return estimator.Estimate(survey.CatalogPath).ToList();
    }

    [Fact]
    public void EveryRowComesBackOnceWithItsStatus()
    {
        var rows = Run();
        int dataRows = File.ReadAllLines(survey.CatalogPath).Length - 1;
        Assert.Equal(Enumerable.Range(2, dataRows), rows.Select(r => r.Line).Order());
        var byId = rows.ToDictionary(r => r.ObsId);
        var shortBlock = byId["p-short-block"];
        Assert.Equal(SurveyStatus.Ok, shortBlock.Status);
        Assert.NotNull(shortBlock.Mass);
        Assert.Contains("short-block-spectrum.fits: the file ends", shortBlock.Message, StringComparison.Ordinal);
        Assert.Contains("short of a whole 2880-byte FITS block", shortBlock.Message, StringComparison.Ordinal);
        foreach (var (obsid, status) in Expected)
        {
            var row = byId[obsid];
            Assert.True(status == row.Status, $"{obsid}: {row.Status} ({row.Message})");
            Assert.Null(row.Mass);
            Assert.Null(row.Age);
            Assert.Equal("", row.Model);
            Assert.NotEmpty(row.Message);
        }
        Assert.NotEmpty(survey.EdgeObsIds);
        foreach (string edge in survey.EdgeObsIds)
        {
            Assert.Equal(SurveyStatus.SpectrumOnly, byId[edge].Status);
            Assert.Contains("edge", byId[edge].Message, StringComparison.Ordinal);
        }
        foreach (string ok in survey.OkObsIds)
        {
            var row = byId[ok];
            Assert.Equal(SurveyStatus.Ok, row.Status);
            Assert.Equal(SurveyEstimate.FusionModel, row.Model);
            Assert.True(row.Mass is > 0 && float.IsFinite(row.Mass.Value) && row.Age is > 0, $"{ok}: {row.Mass} {row.Age}");
            Assert.Equal("", row.Message);
        }
    }

    [Fact]
    public void MessagesNameTheFileAndTheReason()
    {
        var byId = Run().ToDictionary(r => r.ObsId);
        Assert.Contains("no-such-spectrum.fits: spectrum file not found", byId["p-missing-spectrum"].Message, StringComparison.Ordinal);
        Assert.Contains("truncated-spectrum.fits.gz", byId["p-truncated-spectrum"].Message, StringComparison.Ordinal);
        Assert.Contains("nan-spectrum.fits", byId["p-nan-spectrum"].Message, StringComparison.Ordinal);
        Assert.Contains("frame-g-truncated.fits.bz2", byId["p-truncated-frame"].Message, StringComparison.Ordinal);
        Assert.Contains("no-such-frame.fits.bz2: frame file not found", byId["p-missing-frame"].Message, StringComparison.Ordinal);
        Assert.Contains("column 'ra'", byId["p-no-coordinates"].Message, StringComparison.Ordinal);
        Assert.Contains("no SDSS frames given (g, r, i empty)", byId["p-no-frames"].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OkEstimatesEqualThoseOfThePreparedRoute()
    {
        var rows = Run().Where(r => r.Status == SurveyStatus.Ok && r.ObsId != "p-short-block").ToList();
        var entries = SurveyCatalog.Read(survey.Summary.CatalogPath).ToDictionary(e => e.ObsId);
        var preparer = new StarPreparer();
        var prepared = rows.Select(r => preparer.Prepare(entries[r.ObsId])).ToList();
        using var predictor = new SPFusionBatchPredictor(File.ReadAllBytes(TestPaths.PublishedOnnx));
        var expected = predictor.Predict(prepared.SelectMany(p => p.Spectrum).ToArray(), prepared.SelectMany(p => p.Photometry).ToArray(), prepared.Count);
        for (int k = 0; k < rows.Count; k++)
        {
            Assert.Equal(expected[k].PredictedMass, rows[k].Mass!.Value, 1e-5f);
            Assert.Equal(expected[k].PredictedAge, rows[k].Age!.Value, 1e-5f);
        }
    }

    [Fact]
    public void TheFallbackModelEstimatesStarsWhoseSpectrumIsUsable()
    {
        var byId = Run(new SurveyEstimatorOptions { FallbackModelPath = survey.FallbackPath }).ToDictionary(r => r.ObsId);
        foreach (string id in new[] { "p-outside", "p-no-frames", "p-truncated-frame", "p-missing-frame" }.Concat(survey.EdgeObsIds))
        {
            var row = byId[id];
            Assert.Equal(SurveyEstimate.FallbackModel, row.Model);
            Assert.True(row.Mass is { } m && float.IsFinite(m) && row.Age is { } a && float.IsFinite(a), id);
        }
        Assert.Equal(Expected["p-truncated-frame"], byId["p-truncated-frame"].Status);
        foreach (string id in new[] { "p-missing-spectrum", "p-truncated-spectrum", "p-nan-spectrum", "p-no-coordinates" })
        {
            Assert.Equal("", byId[id].Model);
            Assert.Null(byId[id].Mass);
        }
        Assert.All(survey.OkObsIds, id => Assert.Equal(SurveyEstimate.FusionModel, byId[id].Model));
    }

    [Fact]
    public void ChunkingAndThreadsDoNotChangeAnEstimate()
    {
        var whole = Run().OrderBy(r => r.Line).ToList();
        var small = Run(new SurveyEstimatorOptions { ChunkSize = 5, PreparationThreads = 1, IntraOpNumThreads = 1 }).OrderBy(r => r.Line).ToList();
        Assert.Equal(whole, small);
    }

    [Fact]
    public void PartialAndWholeFrameDecodingGiveTheSameRows()
    {
        var whole = Run(new SurveyEstimatorOptions { FrameDecoding = SurveyFrameDecoding.Whole }).OrderBy(r => r.Line).ToList();
        var partial = Run(new SurveyEstimatorOptions { WholeFrameMinStars = int.MaxValue, ChunkSize = 3 }).OrderBy(r => r.Line).ToList();
        Assert.Equal(whole, partial);
    }

    [Fact]
    public void ShardsPartitionTheCatalogueByFrameGroup()
    {
        var whole = Run().ToDictionary(r => r.Line);
        var seen = new List<SurveyEstimate>();
        var frameOwner = new Dictionary<string, int>();
        var entries = SurveyCatalog.ReadRows(survey.CatalogPath).ToDictionary(r => r.Line);
        int nonEmpty = 0;
        for (int k = 0; k < 3; k++)
        {
            // A shard may be empty when a few large frame groups cover the catalogue; the split never cuts a group.
            var shard = Run(new SurveyEstimatorOptions { Shard = new SurveyShard(k, 3) });
            if (shard.Count > 0) nonEmpty++;
            foreach (var row in shard)
            {
                Assert.Equal(whole[row.Line], row);
                if (entries[row.Line].Entry is not { HasFrames: true } e) continue;
                string frames = string.Join('|', e.GPath, e.RPath, e.IPath);
                Assert.Equal(k, frameOwner.TryAdd(frames, k) ? k : frameOwner[frames]);
            }
            seen.AddRange(shard);
        }
        Assert.Equal(whole.Keys.Order(), seen.Select(r => r.Line).Order());
        Assert.True(nonEmpty >= 2, $"{nonEmpty} non-empty shards");
    }

    [Fact]
    public void StopAtFirstProblemThrowsTheFirstProblemRowsMessage()
    {
        var rows = Run();
        var first = rows.Where(r => r.Status != SurveyStatus.Ok).MinBy(r => r.Line)!;
        var ex = Assert.Throws<InvalidDataException>(() => Run(new SurveyEstimatorOptions { StopAtFirstProblem = true, ChunkSize = 1000 }));
        Assert.Equal(first.Message, ex.Message);
    }

    [Fact]
    public void ASpectrumOnlyModelIsRefusedAsTheFusionModelAndViceVersa()
    {
        var ex = Assert.Throws<InvalidDataException>(() => new SurveyEstimator(survey.FallbackPath));
        Assert.Contains("spectrum-only", ex.Message, StringComparison.Ordinal);
        var ex2 = Assert.Throws<InvalidDataException>(() => new SurveyEstimator(TestPaths.PublishedOnnx, new SurveyEstimatorOptions { FallbackModelPath = TestPaths.PublishedOnnx }));
        Assert.Contains("fallback model must be spectrum-only", ex2.Message, StringComparison.Ordinal);
    }
}

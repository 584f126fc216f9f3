using SPFusion.Synthetic;

namespace SPFusion.Tests.Synthetic;

[Collection(SyntheticSurveyCollection.Name)]
public sealed class SyntheticCatalogTests(SyntheticSurveyFixture survey)
{
    [Fact]
    public void Catalogue_rows_reference_existing_files_and_carry_the_labels()
    {
        var rows = SyntheticCatalogRow.ReadAll(survey.Summary.CatalogPath);
        Assert.Equal(SyntheticSurveyFixture.Stars, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.ObsId).Distinct().Count());
        for (int k = 0; k < rows.Count; k++)
        {
            var row = rows[k];
            var star = survey.Summary.Stars[k];
            Assert.Equal(star.ObsId, row.ObsId);
            Assert.Equal($"spectra/{row.ObsId}.fits.gz", row.Spectrum);
            foreach (string p in new[] { row.Spectrum, row.G, row.R, row.I })
            {
                Assert.False(Path.IsPathRooted(p), p);
                Assert.True(File.Exists(Path.Combine(survey.Root, p)), p);
            }
            Assert.Matches(@"^-?\d+\.\d{8}$", row.RaText);
            Assert.Equal(star.Labels.Mass, row.Mass, 4);
            Assert.Equal(star.Labels.Age, row.Age, 4);
            Assert.InRange(row.Snr, 5, 150);
            Assert.InRange(row.Teff, RedClumpLabelModel.MinTeff, RedClumpLabelModel.MaxTeff);
            Assert.InRange(row.Logg, 2.3, 2.6);
        }
        string readme = File.ReadAllText(Path.Combine(survey.Root, "README.txt"));
        Assert.Contains($"Seed {SyntheticSurveyFixture.Seed}", readme);
        Assert.Contains("Generative model", readme);
    }
}

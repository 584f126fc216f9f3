using SPFusion.Synthetic;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Synthetic;

[Collection(SyntheticSurveyCollection.Name)]
public sealed class SyntheticSurveyDeterminismTests(SyntheticSurveyFixture survey)
{
    [Fact]
    public void Same_seed_gives_identical_bytes_and_another_seed_different_ones()
    {
        using var temp = new TempFolder("spfusion-synth-determinism");
        string same = temp.File("same");
        string other = temp.File("other");
        // A different degree of parallelism must not change a byte either.
        var again = SyntheticSurvey.Generate(new SyntheticSurveyOptions
        {
            OutputDirectory = same,
            StarCount = survey.Options.StarCount,
            Seed = survey.Options.Seed,
            StarsPerField = survey.Options.StarsPerField,
            EdgeFraction = survey.Options.EdgeFraction,
            MaxDegreeOfParallelism = 1,
        });
        var star = survey.Summary.Stars[3];
        foreach (string relative in new[] { SyntheticSurvey.CatalogFileName, "README.txt", star.SpectrumPath, star.FramePaths[1] })
            Assert.True(File.ReadAllBytes(Path.Combine(survey.Root, relative)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(same, relative))), relative);

        var different = SyntheticSurvey.Generate(new SyntheticSurveyOptions
        {
            OutputDirectory = other,
            StarCount = survey.Options.StarCount,
            Seed = survey.Options.Seed + 1,
            StarsPerField = survey.Options.StarsPerField,
            EdgeFraction = survey.Options.EdgeFraction,
        });
        Assert.NotEqual(File.ReadAllText(survey.Summary.CatalogPath), File.ReadAllText(different.CatalogPath));
        Assert.NotEqual(survey.Summary.Stars[0].Labels, different.Stars[0].Labels);
        string frame = Path.Combine(other, different.Stars[0].FramePaths[0]);
        Assert.False(File.ReadAllBytes(Path.Combine(survey.Root, survey.Summary.Stars[0].FramePaths[0])).AsSpan().SequenceEqual(File.ReadAllBytes(frame)));
    }
}

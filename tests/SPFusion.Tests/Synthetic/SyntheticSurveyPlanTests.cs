using SPFusion.Synthetic;

namespace SPFusion.Tests.Synthetic;

public sealed class SyntheticSurveyPlanTests
{
    [Fact]
    public void Edge_fraction_is_honoured_and_zero_means_none()
    {
        var plan = SyntheticSurveyPlan.Draw(new SyntheticSurveyOptions { OutputDirectory = "unused", StarCount = 3000, Seed = 2 });
        double fraction = plan.Stars.Count(s => s.NearEdge) / 3000.0;
        Assert.InRange(fraction, 0.02, 0.04);
        Assert.Equal(50, plan.Fields.Count);
        var none = SyntheticSurveyPlan.Draw(new SyntheticSurveyOptions { OutputDirectory = "unused", StarCount = 500, Seed = 2, EdgeFraction = 0 });
        Assert.DoesNotContain(none.Stars, s => s.NearEdge);
    }

    [Fact]
    public void Photometry_tracks_Teff_so_images_carry_label_information()
    {
        var plan = SyntheticSurveyPlan.Draw(new SyntheticSurveyOptions { OutputDirectory = "unused", StarCount = 400, Seed = 4 });
        var stars = plan.Stars;
        Assert.True(RedClumpLabelModelTests.Spearman(stars.Select(s => s.Labels.Teff), stars.Select(s => s.MagG - s.MagR)) < -0.5);
        // Brighter stars get better spectra, as in a magnitude-limited spectroscopic survey.
        Assert.True(RedClumpLabelModelTests.Spearman(stars.Select(s => s.MagG), stars.Select(s => s.SnrG)) < -0.8);
        Assert.InRange(stars.Min(s => s.SnrG), 5, 8);
        Assert.InRange(stars.Max(s => s.SnrG), 100, 150);
    }

    [Theory]
    [InlineData(0, 40, 0.03)]
    [InlineData(10, 0, 0.03)]
    [InlineData(10, 40, 1.5)]
    public void Bad_options_are_rejected_naming_the_option(int stars, int perField, double edge)
    {
        var options = new SyntheticSurveyOptions { OutputDirectory = "unused", StarCount = stars, StarsPerField = perField, EdgeFraction = edge };
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(stars == 0 ? "StarCount" : perField == 0 ? "StarsPerField" : "EdgeFraction", ex.Message);
    }
}

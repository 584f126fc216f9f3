using SPFusion.Synthetic;

namespace SPFusion.Tests.Synthetic;

/// <summary>One small survey (one field, 30 stars) shared by the file-level tests; written once to a temp folder.</summary>
public sealed class SyntheticSurveyFixture : IDisposable
{
    public const int Seed = 11;
    public const int Stars = 30;

    public SyntheticSurveyFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "spfusion-synth-" + Guid.NewGuid().ToString("N"));
        Options = new SyntheticSurveyOptions { OutputDirectory = Root, StarCount = Stars, Seed = Seed, StarsPerField = Stars, EdgeFraction = 0.1 };
        Summary = SyntheticSurvey.Generate(Options);
    }

    public string Root { get; }

    public SyntheticSurveyOptions Options { get; }

    public SyntheticSurveySummary Summary { get; }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SyntheticSurveyCollection : ICollectionFixture<SyntheticSurveyFixture>
{
    public const string Name = "synthetic survey";
}

using SPFusion.Synthetic;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Synthetic;

/// <summary>One small survey (one field, 30 stars) shared by the file-level tests; written once to a temp folder.</summary>
public sealed class SyntheticSurveyFixture : IDisposable
{
    public const int Seed = 11;
    public const int Stars = 30;

    private readonly TempFolder _temp = new("spfusion-synth");

    public SyntheticSurveyFixture()
    {
        Root = _temp.File("survey");
        Options = new SyntheticSurveyOptions { OutputDirectory = Root, StarCount = Stars, Seed = Seed, StarsPerField = Stars, EdgeFraction = 0.1 };
        Summary = SyntheticSurvey.Generate(Options);
    }

    public string Root { get; }

    public SyntheticSurveyOptions Options { get; }

    public SyntheticSurveySummary Summary { get; }

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SyntheticSurveyCollection : ICollectionFixture<SyntheticSurveyFixture>
{
    public const string Name = "synthetic survey";
}

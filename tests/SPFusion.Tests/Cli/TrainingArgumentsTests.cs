using System.CommandLine;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Training;

namespace SPFusion.Tests.Cli;

/// <summary>The training flags reach the trainer's options: unset ones keep the chosen preset's values.</summary>
public class TrainingArgumentsTests
{
    private static SPFusionTrainer.Options Parse(params string[] args)
    {
        var arguments = new TrainingArguments();
        var command = new RootCommand();
        foreach (var option in arguments.Symbols.OfType<Option>()) command.Options.Add(option);
        var result = command.Parse(args);
        Assert.Empty(result.Errors);
        return arguments.Parse(result, new MLContext(seed: 1), TextWriter.Null);
    }

    [Fact]
    public void LossWeightsAreTheAuthorsUnlessGiven()
    {
        var published = Parse();
        Assert.Equal((100.0, 1.0), (published.MassLossWeight, published.AgeLossWeight));
        var given = Parse("--preset", "small-survey", "--mass-weight", "300", "--age-weight", "2");
        Assert.Equal((300.0, 2.0), (given.MassLossWeight, given.AgeLossWeight));
        Assert.True(given.StandardizeTargets); // the preset's other choices stay
    }
}

using Microsoft.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Training;

/// <summary>
/// Option, weights and validation-set errors surface before the pass over the data (or before training), and say
/// which option or data set is at fault. The training data carries a NaN row: an error found only during the cache
/// pass would be about that row instead.
/// </summary>
public sealed class TrainerEarlyChecksTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-early");
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _temp.Dispose();

    private static SPFusionTrainer.Options Quick() => new()
    {
        MaxEpochs = 1,
        BatchSize = 8,
        Seed = 7,
        NumberOfThreads = 2,
        Device = TrainingDevice.Cpu,
    };

    private IDataView WithNaNRow()
    {
        var rows = LearnableStars.Create(16, seed: 61);
        rows[3].Spectrum[10] = float.NaN;
        return _ml.Data.LoadFromEnumerable(rows);
    }

    [Theory]
    [InlineData(true, false, nameof(SPFusionTrainer.Options.OutputChannelAttention))]
    [InlineData(false, true, nameof(SPFusionTrainer.Options.OutputFusionAttention))]
    public void AttentionOutputsOfTheBaselineAreRejectedUpFront(bool channel, bool fusion, string option)
    {
        var options = Quick() with
        {
            Network = NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D },
            OutputChannelAttention = channel,
            OutputFusionAttention = fusion,
        };
        var ex = Assert.Throws<ArgumentException>(() => _ml.Regression.Trainers.SPFusion(_ml, options));
        Assert.Equal(option, ex.ParamName);
        Assert.Contains("ConvNeXt1D", ex.Message);
    }

    [Fact]
    public void MissingInitialWeightsFailBeforeTheDataPass()
    {
        string path = Path.Combine(_temp.Path, "absent.weights");
        var ex = Assert.Throws<FileNotFoundException>(() => _ml.Regression.Trainers.SPFusion(_ml, Quick() with { InitialWeights = path }).Fit(WithNaNRow()));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void InitialWeightsOfAnotherNetworkFailBeforeTheDataPass()
    {
        string path = Path.Combine(_temp.Path, "other.weights");
        using (var other = NetworkFactory.Create(NetworkOptions.Published with { FeedForwardExpansion = 2 }, seed: 1)) other.SaveWeights(path);
        var ex = Assert.Throws<InvalidDataException>(() => _ml.Regression.Trainers.SPFusion(_ml, Quick() with { InitialWeights = path }).Fit(WithNaNRow()));
        Assert.Contains(path, ex.Message);
        Assert.Contains("network configuration", ex.Message);
    }

    [Fact]
    public void TheBaselineStartsFromThePublishedExtractorWhateverItsIgnoredFusionOptions()
    {
        var options = Quick() with
        {
            Network = NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D, FusionHeads = 2, UseStarOperator = false },
            InitialWeights = TestPaths.PublishedOnnx,
        };
        var model = _ml.Regression.Trainers.SPFusion(_ml, options).Fit(_ml.Data.LoadFromEnumerable(LearnableStars.Create(16, seed: 62)));
        Assert.Single(model.History.Epochs);
    }

    [Fact]
    public void ResetOutputLayerTakesTheFreshLayersWeightAndBias()
    {
        var network = NetworkOptions.Published;
        string initial = Path.Combine(_temp.Path, "initial.weights"), trained = Path.Combine(_temp.Path, "trained.weights");
        using (var published = NetworkFactory.Create(network, seed: 99)) published.SaveWeights(initial);
        var options = Quick() with
        {
            InitialWeights = initial,
            ResetOutputLayer = true,
            InitializeOutputBiasFromLabels = false,
            SaveWeightsTo = trained,
            // Steps of ~1e-30 leave every float32 weight as it started, so the saved layer is the initial one.
            LearningRate = 1e-30,
            MinimumLearningRate = 1e-31,
        };
        _ml.Regression.Trainers.SPFusion(_ml, options).Fit(_ml.Data.LoadFromEnumerable(LearnableStars.Create(16, seed: 63)));

        using var fresh = NetworkFactory.Create(network, options.Seed);
        using var old = NetworkFactory.Create(network, seed: 99);
        using var result = NetworkFactory.Create(network, seed: 1);
        result.LoadWeights(trained);
        Assert.Equal(Values(fresh.OutputLayer.weight!), Values(result.OutputLayer.weight!));
        Assert.Equal(Values(fresh.OutputLayer.bias!), Values(result.OutputLayer.bias!));
        Assert.NotEqual(Values(old.OutputLayer.bias!), Values(result.OutputLayer.bias!));
    }

    private static float[] Values(TorchSharp.torch.Tensor t)
    {
        using var cpu = t.detach().cpu();
        return cpu.data<float>().ToArray();
    }

    [Fact]
    public void AValidationSetWithoutALabelColumnIsNamedBeforeTheDataPass()
    {
        var rows = _ml.Data.LoadFromEnumerable(LearnableStars.Create(4, seed: 64));
        var validation = _ml.Transforms.DropColumns("Age").Fit(rows).Transform(rows);
        var ex = Assert.Throws<ArgumentException>(() => _ml.Regression.Trainers.SPFusion(_ml, Quick() with { ValidationData = validation }).Fit(WithNaNRow()));
        Assert.Contains("ValidationData column 'Age' not found", ex.Message);
    }

    [Fact]
    public void BadValidationRowsAreNamedAsValidationRows()
    {
        var validationRows = LearnableStars.Create(8, seed: 65);
        validationRows[2].Mass = float.PositiveInfinity;
        var options = Quick() with { ValidationData = _ml.Data.LoadFromEnumerable(validationRows) };
        var train = _ml.Data.LoadFromEnumerable(LearnableStars.Create(16, seed: 66));

        var ex = Assert.Throws<InvalidDataException>(() => _ml.Regression.Trainers.SPFusion(_ml, options).Fit(train));
        Assert.StartsWith("ValidationData row 2:", ex.Message);

        var model = _ml.Regression.Trainers.SPFusion(_ml, options with { InvalidRows = InvalidRowHandling.Skip }).Fit(train);
        var skipped = Assert.Single(model.History.SkippedRows);
        Assert.Equal(2, skipped.Row);
        Assert.True(skipped.InValidationData);
        Assert.Equal(7, model.History.ValidationCount);
    }
}

using Google.Protobuf;
using Microsoft.ML;
using Onnx;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Ensemble;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;
using SPFusion.Transforms;

namespace SPFusion.Tests.Persistence;

/// <summary>Three small exported SPFusion networks (distinct seeds) and a spectrum-only one, exported once for the class.</summary>
public sealed class EnsembleMembers
{
    public EnsembleMembers()
    {
        SPFusion = [.. new[] { 11L, 12L, 13L }.Select(seed =>
        {
            using var network = NetworkFactory.Create(NetworkOptions.Published, seed);
            return OnnxExporter.ExportToBytes(network);
        })];
        using var spectrumOnly = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D }, 14);
        SpectrumOnly = OnnxExporter.ExportToBytes(spectrumOnly);
    }

    public IReadOnlyList<byte[]> SPFusion { get; }

    public byte[] SpectrumOnly { get; }
}

public sealed class SPFusionEnsembleTests(EnsembleMembers members) : IClassFixture<EnsembleMembers>, IDisposable
{
    private static readonly SPFusionBatchOptions OneThread = new() { BatchSize = 3, IntraOpNumThreads = 1 };

    private readonly TempFolder _temp = new("spfusion-ensemble");

    public void Dispose() => _temp.Dispose();

    /// <summary>Each member alone, then the mean and the sample standard deviation (K - 1) in double precision.</summary>
    private (double[,] Mean, double[,] Sigma) Expected(IReadOnlyList<StarRow> rows)
    {
        var ml = new MLContext(seed: 1);
        var each = members.SPFusion.Select(m =>
        {
            using var predictor = new SPFusionBatchPredictor(m, OneThread);
            return predictor.Predict(ml.Data.LoadFromEnumerable(rows));
        }).ToList();
        int k = each.Count;
        var mean = new double[rows.Count, 2];
        var sigma = new double[rows.Count, 2];
        for (int i = 0; i < rows.Count; i++)
        {
            for (int t = 0; t < 2; t++)
            {
                double[] values = each.Select(p => (double)(t == 0 ? p[i].PredictedMass : p[i].PredictedAge)).ToArray();
                mean[i, t] = values.Average();
                sigma[i, t] = Math.Sqrt(values.Sum(v => (v - mean[i, t]) * (v - mean[i, t])) / (k - 1));
            }
        }
        return (mean, sigma);
    }

    [Fact]
    public void TheEnsembleGivesTheMembersMeanAndSampleStandardDeviation()
    {
        var rows = SyntheticRows.Uniform(7, seed: 5);
        var (mean, sigma) = Expected(rows);
        byte[] ensemble = SPFusionEnsemble.Combine(members.SPFusion);

        using var predictor = new SPFusionBatchPredictor(ensemble, OneThread);
        Assert.True(predictor.HasUncertainty);
        var actual = predictor.Predict(new MLContext(seed: 1).Data.LoadFromEnumerable(rows));
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(mean[i, 0], actual[i].PredictedMass, 1e-5);
            Assert.Equal(mean[i, 1], actual[i].PredictedAge, 1e-5);
            Assert.Equal(sigma[i, 0], actual[i].MassSigma!.Value, 1e-5);
            Assert.Equal(sigma[i, 1], actual[i].AgeSigma!.Value, 1e-5);
        }
        // The members differ, so a zero or constant sigma would not pass unnoticed.
        Assert.True(sigma[0, 0] > 1e-4 && sigma[0, 1] > 1e-4, $"members too alike: sigma {sigma[0, 0]}, {sigma[0, 1]}");
        Assert.NotEqual(actual[0].MassSigma, actual[1].MassSigma);
    }

    [Fact]
    public void TheGraphHasTheSharedInputsTheSigmaOutputsAndItsMembersRecord()
    {
        byte[] ensemble = SPFusionEnsemble.Combine(members.SPFusion);
        using var runner = new OnnxModelRunner(ensemble, intraOpThreads: 1);
        Assert.Equal(["photometric", "spectrum"], runner.InputNames.Order());
        // Attention outputs are dropped: K members' maps are K explanations.
        Assert.Equal(["ensemble_sigma", "prediction", "prediction_sigma"], runner.OutputNames.Order());
        var meta = runner.CustomMetadata;
        Assert.Equal("3", meta[EnsembleGraph.MembersKey]);
        var hashes = meta[EnsembleGraph.MemberSha256Key].Split(',');
        Assert.Equal(3, hashes.Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(members.SPFusion[1])), hashes[1]);
        Assert.Contains("spectrum", meta.Keys.Single(k => k == OnnxMetadataKeys.SpectrumPreparation), StringComparison.Ordinal);
        Assert.DoesNotContain(OnnxMetadataKeys.TrainingEpochs, meta.Keys);
        // Every member's nodes are there under their own prefix, and nothing else but the combination.
        var nodes = ModelProto.Parser.ParseFrom(ensemble).Graph.Node;
        Assert.All(nodes, n => Assert.Matches("^(member[012]/|ensemble/)", n.Name));
        Assert.All(new[] { "member0/", "member1/", "member2/" }, p => Assert.Contains(nodes, n => n.Name.StartsWith(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void TheEnsembleZipReloadsInAFreshContextWithTheSameSigmas()
    {
        var rows = SyntheticRows.Uniform(4, seed: 8);
        var (mean, sigma) = Expected(rows);

        // Members as an ONNX file and as model zips, as the API takes both.
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var paths = new List<string> { _temp.File("m0.onnx") };
        File.WriteAllBytes(paths[0], members.SPFusion[0]);
        for (int k = 1; k < 3; k++)
        {
            string zip = _temp.File($"m{k}.zip");
            using var fitted = (IDisposable)ml.Transforms.ApplySPFusionModel(ml, members.SPFusion[k], $"m{k}", null).Fit(data);
            ml.Model.Save((ITransformer)fitted, data.Schema, zip);
            paths.Add(zip);
        }
        string ensembleZip = _temp.File("ensemble.zip");
        SPFusionEnsemble.Save(ml, paths, ensembleZip);

        var fresh = new MLContext(seed: 2);
        using var loaded = SPFusionModelFile.Load(fresh, ensembleZip) as IDisposable;
        var scored = fresh.Data.CreateEnumerable<SigmaScoredRow>(((ITransformer)loaded!).Transform(fresh.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToList();
        using var predictor = SPFusionBatchPredictor.FromModelZip(ensembleZip, OneThread);
        var batch = predictor.Predict(fresh.Data.LoadFromEnumerable(rows));
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(mean[i, 0], scored[i].PredictedMass, 1e-5);
            Assert.Equal(mean[i, 1], scored[i].PredictedAge, 1e-5);
            Assert.Equal(sigma[i, 0], scored[i].MassSigma, 1e-5);
            Assert.Equal(sigma[i, 1], scored[i].AgeSigma, 1e-5);
            Assert.Equal(batch[i].MassSigma!.Value, scored[i].MassSigma, 1e-5f);
            Assert.Equal(batch[i].AgeSigma!.Value, scored[i].AgeSigma, 1e-5f);
        }
    }

    [Fact]
    public void AMemberWithOtherInputsIsRefusedNamingIt()
    {
        var ex = Assert.Throws<InvalidDataException>(() => SPFusionEnsemble.Combine([members.SPFusion[0], members.SPFusion[1], members.SpectrumOnly]));
        Assert.Contains("member 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("inputs", ex.Message, StringComparison.Ordinal);

        // Through Save, the member's file is named.
        string a = _temp.File("a.onnx"), b = _temp.File("convnext.onnx");
        File.WriteAllBytes(a, members.SPFusion[0]);
        File.WriteAllBytes(b, members.SpectrumOnly);
        var saved = Assert.Throws<InvalidDataException>(() => SPFusionEnsemble.Save(new MLContext(seed: 1), [a, b], _temp.File("e.zip")));
        Assert.Contains("member 1", saved.Message, StringComparison.Ordinal);
        Assert.Contains(b, saved.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("e.zip")));
    }

    [Fact]
    public void AMemberWithAnotherOpsetIsRefusedNamingIt()
    {
        var model = ModelProto.Parser.ParseFrom(members.SPFusion[1]);
        // An extra operator set (ONNX Runtime's own domain) still loads, but the members no longer agree.
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });
        var ex = Assert.Throws<InvalidDataException>(() => SPFusionEnsemble.Combine([members.SPFusion[0], model.ToByteArray()]));
        Assert.Contains("member 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("opset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneMemberAnEnsembleAsMemberOrTheOutputAsMemberAreRefused()
    {
        Assert.Throws<ArgumentException>(() => SPFusionEnsemble.Combine([members.SPFusion[0]]));

        byte[] ensemble = SPFusionEnsemble.Combine([members.SPFusion[0], members.SPFusion[1]]);
        var nested = Assert.Throws<InvalidDataException>(() => SPFusionEnsemble.Combine([ensemble, members.SPFusion[2]]));
        Assert.Contains("member 0", nested.Message, StringComparison.Ordinal);
        Assert.Contains("already has an uncertainty", nested.Message, StringComparison.Ordinal);

        string a = _temp.File("a.onnx"), b = _temp.File("b.onnx");
        File.WriteAllBytes(a, members.SPFusion[0]);
        File.WriteAllBytes(b, members.SPFusion[1]);
        var self = Assert.Throws<ArgumentException>(() => SPFusionEnsemble.Save(new MLContext(seed: 1), [a, b], b));
        Assert.Contains("one of its members", self.Message, StringComparison.Ordinal);
        Assert.Equal(members.SPFusion[1], File.ReadAllBytes(b));
    }

    private sealed class SigmaScoredRow
    {
        public float PredictedMass { get; set; }

        public float PredictedAge { get; set; }

        public float MassSigma { get; set; }

        public float AgeSigma { get; set; }
    }
}

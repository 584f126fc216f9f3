using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Onnx.Uncertainty;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;
using SPFusion.Transforms;

namespace SPFusion.Tests.Persistence;

/// <summary>
/// An ensemble of networks with the heteroscedastic head keeps their predicted sigma: the part is the root mean square of
/// the members' and the total is the quadrature sum with the members' spread (the law of total variance).
/// </summary>
public sealed class HeteroscedasticEnsembleTests
{
    private static readonly byte[][] Members = [.. new[] { 21L, 22L, 23L }.Select(seed =>
    {
        using var network = NetworkFactory.Create(NetworkOptions.Published with { PredictVariance = true }, seed);
        return OnnxExporter.ExportToBytes(network);
    })];

    /// <summary>Every [N,2] output of the graph for the rows, by name.</summary>
    private static Dictionary<string, float[]> Run(byte[] onnx, IReadOnlyList<StarRow> rows)
    {
        int n = rows.Count;
        using var session = OnnxSessionSettings.Open(onnx);
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor(SPFusionOnnxNames.PhotometricInput, new DenseTensor<float>(rows.SelectMany(r => r.Photometry).ToArray(), [n, 3, 128, 128])),
            NamedOnnxValue.CreateFromTensor(SPFusionOnnxNames.SpectrumInput, new DenseTensor<float>(rows.SelectMany(r => r.Spectrum).ToArray(), [n, 1, 3584])),
        ]);
        return results.Where(r => r.AsTensor<float>().Dimensions.Length == 2 && r.AsTensor<float>().Dimensions[1] == 2)
            .ToDictionary(r => r.Name, r => r.AsEnumerable<float>().ToArray());
    }

    [Fact]
    public void TheTotalIsTheSpreadAndTheMembersPredictedSigmaInQuadrature()
    {
        var rows = SyntheticRows.Uniform(5, seed: 6);
        var each = Members.Select(m => Run(m, rows)).ToList();
        var ensemble = Run(SPFusionEnsemble.Combine(Members), rows);
        Assert.Equal(
            [SPFusionOnnxNames.EnsembleSigmaOutput, SPFusionOnnxNames.PredictedSigmaOutput, SPFusionOnnxNames.PredictionOutput, SPFusionOnnxNames.SigmaOutput],
            ensemble.Keys.Order());

        for (int j = 0; j < rows.Count * 2; j++)
        {
            double[] means = each.Select(e => (double)e[SPFusionOnnxNames.PredictionOutput][j]).ToArray();
            double[] sigmas = each.Select(e => (double)e[SPFusionOnnxNames.PredictedSigmaOutput][j]).ToArray();
            double mean = means.Average();
            double spread = Math.Sqrt(means.Sum(m => (m - mean) * (m - mean)) / (means.Length - 1));
            double predicted = Math.Sqrt(sigmas.Average(s => s * s));
            double total = Math.Sqrt((spread * spread) + (predicted * predicted));
            Assert.Equal(mean, ensemble[SPFusionOnnxNames.PredictionOutput][j], 1e-5);
            Assert.Equal(spread, ensemble[SPFusionOnnxNames.EnsembleSigmaOutput][j], 1e-5);
            Assert.Equal(predicted, ensemble[SPFusionOnnxNames.PredictedSigmaOutput][j], predicted * 1e-5);
            Assert.Equal(total, ensemble[SPFusionOnnxNames.SigmaOutput][j], total * 1e-5);
            Assert.True(total > spread && total > predicted, "both sources must add to the total");
        }
    }

    [Fact]
    public void MembersWithDifferentPartsOrCalibratedMembersAreRefusedByName()
    {
        using var plainNetwork = NetworkFactory.Create(NetworkOptions.Published, 24);
        byte[] plain = OnnxExporter.ExportToBytes(plainNetwork);
        var mixed = Assert.Throws<InvalidDataException>(() => SPFusionEnsemble.Combine([Members[0], plain]));
        Assert.Contains("member 1", mixed.Message, StringComparison.Ordinal);
        Assert.Contains("uncertainty parts", mixed.Message, StringComparison.Ordinal);

        byte[] calibrated = SigmaScalingGraph.Apply(Members[1], 1.5, 2.0, "member file");
        var refused = Assert.Throws<InvalidDataException>(() => SPFusionEnsemble.Combine([Members[0], calibrated]));
        Assert.Contains("member 1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("calibrated", refused.Message, StringComparison.Ordinal);
    }
}

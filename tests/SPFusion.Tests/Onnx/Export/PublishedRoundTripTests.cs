using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Onnx.Import;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Onnx.Export;

/// <summary>Published ONNX -> importer -> exporter -> ONNX Runtime gives the published model's answers.</summary>
public sealed class PublishedRoundTripTests
{
    [Fact]
    public void ExportOfImportedPublishedWeightsEqualsThePublishedModel()
    {
        using var network = PublishedOnnxImporter.Load(TestPaths.PublishedOnnx);
        byte[] exported = OnnxExporter.ExportToBytes(network, new OnnxExportMetadata { WeightsSource = "spfusion-published.onnx" });
        var (photometric, spectrum) = NetworkExportFixtures.Inputs(seed: 77);
        var inputs = new Dictionary<string, (float[], long[])>
        {
            ["photometric"] = (TensorValues.ToFloats(photometric), photometric.shape),
            ["spectrum"] = (TensorValues.ToFloats(spectrum), spectrum.shape),
        };

        using var published = new OnnxModelRunner(TestPaths.PublishedOnnx, intraOpThreads: 2);
        using var ours = new OnnxModelRunner(exported, intraOpThreads: 2);
        var expected = published.Run(inputs);
        var actual = ours.Run(inputs);

        // The published file names its outputs wrongly: mass_m_sun holds both targets, age_gyr the attention map,
        // onnx::Mul_711 the SE weights as [N,96,1].
        Assert.Equal([NetworkExportFixtures.Batch, 2], actual["prediction"].Shape);
        OnnxTestSupport.AssertClose(expected["mass_m_sun"].Values, actual["prediction"].Values, "prediction vs published mass_m_sun");
        OnnxTestSupport.AssertClose(expected["age_gyr"].Values, actual["fusion_attention"].Values, "fusion_attention vs published age_gyr");
        OnnxTestSupport.AssertClose(expected["onnx::Mul_711"].Values, actual["channel_attention"].Values, "channel_attention vs published SE weights");
        // Real weights give different answers for different stars.
        Assert.NotEqual(actual["prediction"].Values[0], actual["prediction"].Values[2]);
        Assert.Equal(expected["mass_m_sun"].Values.Length, actual["prediction"].Values.Length);
    }
}

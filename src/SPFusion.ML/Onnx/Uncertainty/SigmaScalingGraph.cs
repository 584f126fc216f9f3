using System.Globalization;
using Google.Protobuf;
using Onnx;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Persistence;
using SPFusion.Transforms;

namespace SPFusion.ML.Onnx.Uncertainty;

/// <summary>
/// Stores a sigma calibration in a model: the graph's total sigma (<c>prediction_sigma</c>) becomes its old value times one
/// factor per target (a Mul by a [2] constant), so every reader of the model (ML.NET zip, batch predictor, survey run)
/// gets calibrated sigmas. The parts (<c>ensemble_sigma</c>, ...) stay as they were, so the raw spread remains visible,
/// and the factors are recorded in the metadata.
/// </summary>
internal static class SigmaScalingGraph
{
    private const string UncalibratedSigma = "spfusion_calibration/uncalibrated_sigma";

    /// <summary>The graph with <paramref name="massScale"/> and <paramref name="ageScale"/> applied to its total sigma.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A factor is not a finite number &gt; 0.</exception>
    /// <exception cref="InvalidDataException">The graph has no total sigma, or is calibrated already; names <paramref name="source"/>.</exception>
    public static byte[] Apply(byte[] onnx, double massScale, double ageScale, string source)
    {
        if (!(massScale > 0 && double.IsFinite(massScale))) throw new ArgumentOutOfRangeException(nameof(massScale), massScale, "must be a finite number > 0");
        if (!(ageScale > 0 && double.IsFinite(ageScale))) throw new ArgumentOutOfRangeException(nameof(ageScale), ageScale, "must be a finite number > 0");
        if (OnnxModelLayout.Inspect(onnx, source).SigmaOutput is null)
            throw new InvalidDataException($"{source}: the model has no uncertainty ('{SPFusionOnnxNames.SigmaOutput}' output) to calibrate");
        var model = ModelProto.Parser.ParseFrom(onnx);
        if (model.MetadataProps.Any(p => p.Key == OnnxMetadataKeys.SigmaCalibration))
            throw new InvalidDataException($"{source}: the model's sigmas are calibrated already; calibrate the uncalibrated model instead");

        var graph = model.Graph;
        // Whatever produced prediction_sigma now produces the uncalibrated value; a Mul gives the output its old name.
        foreach (var node in graph.Node)
        {
            for (int i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i] == SPFusionOnnxNames.SigmaOutput) node.Output[i] = UncalibratedSigma;
            }
            for (int i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == SPFusionOnnxNames.SigmaOutput) node.Input[i] = UncalibratedSigma;
            }
        }
        var factors = new TensorProto { Name = "spfusion_calibration/factors", DataType = (int)TensorProto.Types.DataType.Float };
        factors.Dims.Add(2);
        factors.RawData = ByteString.CopyFrom([.. BitConverter.GetBytes((float)massScale), .. BitConverter.GetBytes((float)ageScale)]);
        graph.Initializer.Add(factors);
        var mul = new NodeProto { OpType = "Mul", Name = "spfusion_calibration/scale" };
        mul.Input.Add(UncalibratedSigma);
        mul.Input.Add(factors.Name);
        mul.Output.Add(SPFusionOnnxNames.SigmaOutput);
        graph.Node.Add(mul);

        model.MetadataProps.Add(new StringStringEntryProto
        {
            Key = OnnxMetadataKeys.SigmaCalibration,
            Value = string.Create(CultureInfo.InvariantCulture, $"mass={massScale:R};age={ageScale:R}"),
        });
        byte[] result = model.ToByteArray();
        OnnxModelLayout.Inspect(result, source); // the readers' own check: still loads with the same outputs
        return result;
    }
}
